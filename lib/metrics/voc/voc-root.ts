import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../../errors.js';

/** Subfolders looked into per level: enough for VOCdevkit layouts, bounded on a large folder. */
const maxFolders = 64;

/**
 * When a folder with no annotations is the folder above them (a VOCdevkit
 * root holding VOC2007/ and VOC2012/, a VOC2007 folder's parent, or the
 * folder above VOCdevkit/, two levels up), an ERR_DATASET saying which
 * folder to give instead; undefined otherwise. Symlinked year folders
 * (`ln -s /data/VOC2007 VOCdevkit/`) count as the folders they point to.
 */
export async function notAVocFolder(folder: string): Promise<TrtmapError | undefined> {
  const children = await subfolders(folder);
  let found: string[] = [];
  for (const child of children) if (await hasAnnotations(child)) found.push(child);
  const above = found.length === 0;
  if (above) {
    for (const child of children) {
      for (const grandchild of await subfolders(child))
        if (await hasAnnotations(grandchild)) found.push(grandchild);
    }
  }
  if (found.length === 0) return undefined;
  found = found.slice(0, 4);
  const devkit = found.some((name) => /^VOC\d{4}$/i.test(path.basename(name)));
  const note = !devkit
    ? ''
    : above
      ? ' (the folder above a VOCdevkit folder)'
      : ' (a VOCdevkit folder)';
  return new TrtmapError(
    'ERR_DATASET',
    `${folder} has no annotations of its own${note}: ` +
      `give ${found.join(' or ')}, the folder that holds Annotations/ and JPEGImages/`,
    { file: folder },
  );
}

/** The folders in `folder` (symbolic links to folders included), sorted, at most maxFolders. */
async function subfolders(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (folders.length >= maxFolders || entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full))))
      folders.push(full);
  }
  return folders;
}

async function isFolder(target: string): Promise<boolean> {
  try {
    return (await fs.stat(target)).isDirectory();
  } catch {
    return false;
  }
}

async function hasAnnotations(folder: string): Promise<boolean> {
  return isFolder(path.join(folder, 'Annotations'));
}
