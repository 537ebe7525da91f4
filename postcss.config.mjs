// Content-script UI lives in a shadow root on Meta's pages, whose <html> font-size we do not control:
// convert rem to px so our sizes never depend on the page's rem.
export default {
  plugins: {
    'postcss-rem-to-responsive-pixel': { rootValue: 16, propList: ['*'], transformUnit: 'px' },
  },
};
