import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../../errors.js';

/**
 * When a folder with no annotations is the folder above them (a VOCdevkit
 * root holding VOC2007/ and VOC2012/, or a VOC2007 folder's parent), an
 * ERR_DATASET saying which folder to give instead; undefined otherwise.
 */
export async function notAVocFolder(folder: string): Promise<TrtmapError | undefined> {
  let names: string[];
  try {
    names = (await fs.readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return undefined;
  }
  const years: string[] = [];
  for (const name of names.sort()) {
    if (await hasAnnotations(path.join(folder, name))) years.push(name);
  }
  if (years.length === 0) return undefined;
  const suggestions = years.map((name) => path.join(folder, name)).join(' or ');
  const devkit = years.some((name) => /^VOC\d{4}$/i.test(name));
  return new TrtmapError(
    'ERR_DATASET',
    `${folder} has no annotations of its own${devkit ? ' (a VOCdevkit folder)' : ''}: give ${suggestions}, ` +
      'the folder that holds Annotations/ and JPEGImages/',
    { file: folder },
  );
}

async function hasAnnotations(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(path.join(folder, 'Annotations'))).isDirectory();
  } catch {
    return false;
  }
}
