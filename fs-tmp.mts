import { measureInitialBundle } from '/work/main/src/server/bundle-size.ts';
const b = measureInitialBundle('/work/main/dist');
let t = 0; for (const s of b.scripts) { console.log(s.file, s.gzipBytes); t += s.gzipBytes; } console.log('total', t);
