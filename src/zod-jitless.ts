import { z } from 'zod';

// zod probes for `new Function` before its first object parse to speed parsing up; the renderer's CSP
// (no unsafe-eval) refuses that and reports a violation on every load. The renderer parses little.
z.config({ jitless: true });
