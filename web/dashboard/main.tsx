import { render } from 'preact';
import { App } from './app.js';
import { readPageConfig } from './page-config.js';
import { setRouterBase } from './router.js';
// Every style sheet is imported here, so the one CSS file the page links holds them all (a lazily
// loaded view's own imports would land in a file no <link> names).
import './styles/base.css';
import './styles/report.css';
import './styles/tree.css';
import './styles/admin.css';
import './styles/api.css';

const config = readPageConfig();
setRouterBase(config.appBase);
const root = document.getElementById('app');
if (root) render(<App config={config} />, root);
