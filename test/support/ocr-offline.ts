// Runs OCR on one image with Ratio's settings and prints the text: test/extract/ocr.test.ts
// starts it with the network blocked to show the language data never comes from outside.
import fs from 'node:fs';
import { OcrEngines } from '../../electron/extract/ocr.js';

const [image, tessdata] = process.argv.slice(2);
if (!image || !tessdata) throw new Error('usage: ocr-offline IMAGE TESSDATA');
const engines = new OcrEngines(tessdata);
const result = await engines.recognize(fs.readFileSync(image), ['eng']);
await engines.close();
process.stdout.write(JSON.stringify(result));
