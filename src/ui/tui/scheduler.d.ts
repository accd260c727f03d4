// The part of React's scheduler (the one react-reconciler runs renders and effects on) that
// key-pacer.ts and lib/key-priority.ts use; the package ships no types.
declare module 'scheduler' {
  export const unstable_NormalPriority: number;
  export const unstable_LowPriority: number;
  export function unstable_scheduleCallback(priority: number, callback: () => void): unknown;
}
