// Tailwind CSS 4 through PostCSS (Next picks this file up for every CSS import).
const config = { plugins: { "@tailwindcss/postcss": {} } };

export default config;
