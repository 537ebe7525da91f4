import '@/components/tailwind.css';
import { OptionsApp, OPTIONS_ITEMS } from '@/components/options/OptionsApp';
import { mountApp } from '@/components/ui/mount';
import { takeEarlyReads } from '@/lib/ui/early-reads';

mountApp(document.getElementById('root')!, <OptionsApp />, { items: OPTIONS_ITEMS, early: takeEarlyReads() });
