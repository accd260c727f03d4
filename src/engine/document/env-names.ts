// Which environment variable names a param or a capture may take. A param becomes a variable of
// the step's environment, and some names make bash, the dynamic loader, glibc or an interpreter
// load code or change behaviour (LD_AUDIT, GCONV_PATH, NODE_OPTIONS, BASH_FUNC_x%%, CDPATH, ...).
// The rule refuses whole families by prefix, so a new variable of a family (the next LD_* or
// PYTHON*) is refused without this list growing; single names are listed where a prefix would
// refuse ordinary words. docs/security.md explains the choice (over an RB_ prefix for params).

/** Prefixes of families read by bash, the loader, glibc, locales and interpreters. */
export const RESERVED_ENV_PREFIXES: readonly string[] = [
  // bash: BASH_ENV, BASH_FUNC_name%% (exported functions), BASHOPTS, BASH_XTRACEFD, ...
  'BASH', 'HIST', 'COMP_', 'READLINE_',
  // the dynamic loader and glibc
  'LD_', 'GCONV', 'MALLOC_', 'GLIBC_', 'LOCPATH', 'NLSPATH', 'RES_', 'RESOLV_', 'LOCALDOMAIN', 'HOSTALIASES', 'GETCONF_', 'MEMUSAGE_', 'LIBC_',
  // locales and terminal databases
  'LC_', 'LANG', 'TERM', 'TZ',
  // interpreters and their package paths
  'NODE_', 'NPM_', 'PYTHON', 'PERL', 'RUBY', 'GEM_', 'JAVA_', '_JAVA_', 'JDK_', 'LUA_', 'PHP', 'TCL', 'DOTNET_', 'R_',
  // tools that run a command named in a variable
  'GIT_', 'SSH_', 'LESS', 'PAGER', 'MANPAGER', 'SYSTEMD_', 'DBUS_', 'XDG_',
  // the runner's own
  'RUNBOOK_',
];

/** Single names: read by bash or POSIX sh, or by tools to pick a program to run. */
export const RESERVED_ENV_NAMES: readonly string[] = [
  'PATH', 'HOME', 'SHELL', 'PWD', 'OLDPWD', 'IFS', 'ENV', 'SHELLOPTS', 'CDPATH', 'GLOBIGNORE', 'FIGNORE', 'EXECIGNORE',
  'POSIXLY_CORRECT', 'PROMPT_COMMAND', 'PROMPT_DIRTRIM', 'TMOUT', 'TIMEFORMAT', 'FUNCNEST', 'INPUTRC', 'HOSTFILE',
  'MAIL', 'MAILCHECK', 'MAILPATH', 'OPTARG', 'OPTERR', 'OPTIND', 'REPLY', 'SHLVL', 'UID', 'EUID', 'PPID', 'GROUPS',
  'RANDOM', 'SRANDOM', 'LINENO', 'SECONDS', 'DIRSTACK', 'PIPESTATUS', 'FUNCNAME', 'EPOCHSECONDS', 'EPOCHREALTIME',
  'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE', 'COLUMNS', 'LINES', 'TEXTDOMAIN', 'TEXTDOMAINDIR', 'CHILD_MAX',
  'TMPDIR', 'USER', 'LOGNAME', 'CLASSPATH', 'EDITOR', 'VISUAL', 'BROWSER', 'SUDO_ASKPASS', 'SUDO_EDITOR', 'SUDO_USER',
  'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'GOFLAGS', 'GOPATH', 'GOROOT', 'GOENV', 'GOTOOLCHAIN', 'KUBECTL_EXTERNAL_DIFF', 'KUBE_EDITOR',
];

const NAMES = new Set(RESERVED_ENV_NAMES);

/** True when a param or capture must not be exported under this (upper-cased) name. */
export function reservedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return NAMES.has(upper) || RESERVED_ENV_PREFIXES.some((p) => upper.startsWith(p));
}

/** Names that read built-in values of JavaScript objects, or that bash keeps for itself (`$_`). */
export const RESERVED_PARAM_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype', '_', 'true', 'false'];
