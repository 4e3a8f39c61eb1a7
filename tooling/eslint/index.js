// Weft's lint rules: typescript-eslint's type-aware recommended set, plus the house rules a reminder cannot keep
// (floating promises, type-only imports, no non-null assertions, process.env read only in env.ts).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/generated/**",
      "**/test-results/**",
      "**/next-env.d.ts",
      "bench/results/**",
      ".weft/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["vitest.config.ts"] },
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
      // A local .d.ts for an untyped package is referenced by path, so every package compiling the file sees it.
      "@typescript-eslint/triple-slash-reference": ["error", { path: "always", types: "prefer-import", lib: "always" }],
      "@typescript-eslint/no-non-null-assertion": "error",
      // An async function without await is harmless, and interfaces require some (a source's AsyncIterable `read`).
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings from env.ts (the only reader of process.env)." },
      ],
    },
  },
  {
    // env.ts reads the settings; the Prisma generate script runs before any package exists and passes env to prisma.
    files: ["**/env.ts", "packages/db/scripts/*.mjs"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["apps/web/src/**/*.tsx", "apps/web/src/**/use-*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests read JSON from real HTTP responses, whose honest type is `any`; the unsafe-* family would only add casts.
    files: ["**/*.test.ts", "**/testing/**/*.ts", "apps/web/e2e/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Plain JavaScript config files sit outside every tsconfig: lint them without type information.
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
      },
    },
  },
);
