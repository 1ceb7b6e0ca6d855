/** The design tokens of Artist Space, for twind (Tailwind's vocabulary). */
import type { StyleConfig } from "./lib/fresh/twind.ts";

export const styleConfig: StyleConfig = {
  theme: {
    extend: {
      colors: {
        // A warm stage-light palette: ink for text, saffron for action.
        ink: {
          50: "#f6f5f9",
          100: "#ebe8f1",
          300: "#b4adc6",
          500: "#6d6288",
          700: "#3d3453",
          900: "#1b1428",
        },
        saffron: {
          50: "#fff8eb",
          100: "#ffecc6",
          400: "#ffb020",
          500: "#f59300",
          600: "#d97000",
          700: "#b44d02",
        },
        plum: { 500: "#8b3fd9", 600: "#7429c4", 700: "#5d1fa0" },
      },
      fontFamily: {
        sans: [
          "ui-sans-serif",
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "Noto Sans",
          "sans-serif",
        ],
      },
    },
  },
};
