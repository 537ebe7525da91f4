import '@/components/tailwind.css';
import { PopupApp, POPUP_ITEMS } from '@/components/popup/PopupApp';
import { mountApp } from '@/components/ui/mount';
import { takeEarlyReads } from '@/lib/ui/early-reads';
import { prefetchNumberList } from '@/lib/ui/use-number-list';

mountApp(document.getElementById('root')!, <PopupApp />, { items: POPUP_ITEMS, early: takeEarlyReads(), prefetch: prefetchNumberList });
