import '@/components/tailwind.css';
import { OptionsApp } from '@/components/options/OptionsApp';
import { mountApp } from '@/components/ui/mount';

mountApp(document.getElementById('root')!, <OptionsApp />);
