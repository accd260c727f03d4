// @ts-check
// REHEARSAL toolbox: curl: only the etcd sync monitor answers.
import { parseArgs } from './args.mjs';
import { prelude } from './console-rules.mjs';
import { podsOf } from './objects.mjs';
import { transact } from './state.mjs';
import { fail, notSimulated, out } from './util.mjs';

/** @param {string[]} args */
export function curl(args) {
  const spec = {
    '-s': 'bool', '--silent': 'bool', '-S': 'bool', '--show-error': 'bool', '-k': 'bool', '--insecure': 'bool', '-f': 'bool', '--fail': 'bool',
    '-L': 'bool', '--location': 'bool', '-v': 'bool', '-m': 'value', '--max-time': 'value', '--connect-timeout': 'value', '-w': 'value',
    '--write-out': 'value', '-o': 'value', '--output': 'value', '--retry': 'value', '--retry-delay': 'value', '-X': 'value', '--request': 'value',
    '-H': 'multi', '--header': 'multi', '--noproxy': 'value', '-g': 'bool', '--globoff': 'bool', '--fail-with-body': 'bool',
    alias: { '--silent': '-s', '--show-error': '-S', '--insecure': '-k', '--fail': '-f', '--location': '-L', '--max-time': '-m', '--write-out': '-w', '--output': '-o', '--request': '-X', '--header': '-H', '--globoff': '-g' },
  };
  const parsed = parseArgs(args, spec);
  if (!parsed || parsed.missing) return notSimulated('curl', args);
  const { flags, pos } = parsed;
  if (pos.length !== 1) return notSimulated('curl', args);
  const show = !flags['-s'] || flags['-S'];
  /** @param {number} code @param {string} msg @returns {never} */
  const curlErr = (code, msg) => fail(code, show ? `curl: (${code}) ${msg}` : '');
  return transact((st) => {
    prelude(st, 'curl', args, true);
    let u = pos[0];
    if (!/^[a-z]+:\/\//i.test(u)) u = `http://${u}`;
    let url;
    try { url = new URL(u); } catch { url = null; }
    if (!url || !url.hostname) return curlErr(3, 'URL rejected: No host part in the URL');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const svc = st.objects.find((o) => o.kind === 'Service' && o.spec.clusterIP === url.hostname);
    if (!svc) {
      if (/^10\.4\./.test(url.hostname)) return curlErr(7, `Failed to connect to ${url.hostname} port ${port} after 2 ms: Couldn't connect to server`);
      return notSimulated('curl', args, `no simulated endpoint at ${url.host}`);
    }
    if (svc.metadata.name !== 'etcd-sync-monitor' || !svc.spec.ports.some((/** @type {{ port: number }} */ p) => p.port === port)) return notSimulated('curl', args, `no simulated endpoint at ${url.host}`);
    const ready = podsOf(st, svc).length > 0;
    if (!ready) return curlErr(7, `Failed to connect to ${url.hostname} port ${port} after 1 ms: Couldn't connect to server`);
    let body, code = 200;
    if (url.pathname === '/check') body = 'LOCAL ETCD missed keys:\nLOCAL ETCD surplus keys:\n';
    else if (url.pathname === '/healthz' || url.pathname === '/health') body = 'ok\n';
    else { code = 404; body = '404 page not found\n'; }
    if (code >= 400 && flags['-f']) return curlErr(22, `The requested URL returned error: ${code}`);
    if (flags['-o'] && flags['-o'] !== '/dev/null') return notSimulated('curl', args, 'writing files');
    if (!flags['-o']) out(body);
    if (flags['-w']) out(flags['-w'].replace(/%\{http_code\}|%\{response_code\}/g, String(code)).replace(/\\n/g, '\n'));
  });
}
