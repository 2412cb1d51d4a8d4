// `npm run host -- [--port N] [--rotor-url URL] [--profile DIR] [--no-build]`
import { run } from './run.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const hostArgs = args.filter((a) => a !== '--no-build');
if (!noBuild) {
  const code = await run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
  if (code !== 0) process.exit(code);
}
process.exit(await run(process.execPath, ['out/main/host.js', ...hostArgs]));
