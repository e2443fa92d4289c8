import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Filesystems where inotify/FSEvents do not see other machines' writes: watch them by polling. */
const NETWORK_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'fuse.sshfs',
  'sshfs',
  '9p',
  'afs',
  'ncpfs',
  'davfs',
  'fuse.rclone',
  'glusterfs',
  'ceph',
  'fuse.glusterfs',
]);

/** Mount points and filesystem types from /proc/mounts (Linux); empty elsewhere. */
export function parseMounts(text: string): Array<{ mountPoint: string; type: string }> {
  return (
    text
      .split('\n')
      .map((line) => line.split(' '))
      .filter((fields) => fields.length >= 3)
      // /proc/mounts escapes spaces in paths as \040.
      .map((fields) => ({ mountPoint: fields[1]!.replace(/\\040/g, ' '), type: fields[2]! }))
  );
}

/** Whether `folder` is on a network filesystem (or a Windows UNC share), so native events cannot be trusted. */
export async function isNetworkFolder(
  folder: string,
  readMounts: () => Promise<string> = () => readFile('/proc/mounts', 'utf8'),
): Promise<boolean> {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(folder)) return true;
  const resolved = await realpath(folder).catch(() => path.resolve(folder));
  const mounts = parseMounts(await readMounts().catch(() => ''));
  const mount = mounts
    .filter(
      ({ mountPoint }) =>
        resolved === mountPoint ||
        resolved.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`),
    )
    .sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
  return mount !== undefined && NETWORK_TYPES.has(mount.type);
}
