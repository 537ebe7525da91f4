import '@/components/tailwind.css';
import { PopupApp } from '@/components/popup/PopupApp';
import { mountApp } from '@/components/ui/mount';

mountApp(document.getElementById('root')!, <PopupApp />);
