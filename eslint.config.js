export { default } from "@weft/eslint-config";
