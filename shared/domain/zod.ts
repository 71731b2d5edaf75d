// zod/mini ships without messages to stay small; English ones make validation errors readable.
// Import this module as a namespace (`import * as z`) and the English locale by name: a `z`
// object passed around whole would keep all of zod's 60-odd locales in every bundle (~260 KB).
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
