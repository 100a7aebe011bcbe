import { render } from 'preact';
import { Compose, loadCompose } from './compose.tsx';
import '../popup/popup.css';
import './compose.css';

const root = document.getElementById('app');
if (root) {
  render(<Compose />, root);
  void loadCompose(decodeURIComponent(location.hash.slice(1)));
}
