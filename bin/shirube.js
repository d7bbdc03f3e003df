#!/usr/bin/env node
// The `shirube` command. The sources are TypeScript, run through tsx's loader, so there
// is no separate compile step between a clone and a running app.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
