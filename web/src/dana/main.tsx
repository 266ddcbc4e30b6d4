import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import { App } from './app';
import './dana.css';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
