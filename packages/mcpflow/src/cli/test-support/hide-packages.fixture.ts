// Loaded with `node --import` by the chat tests: makes the packages named in MCPFLOW_TEST_HIDE (comma-separated)
// unresolvable, as if they were not installed, so the CLI's "missing package" errors can be checked.
import { registerHooks } from 'node:module';

const hidden = new Set((process.env.MCPFLOW_TEST_HIDE ?? '').split(',').filter((name) => name !== ''));

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (hidden.has(specifier)) {
      throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    return nextResolve(specifier, context);
  },
});
