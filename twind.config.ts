/** The design tokens of Artist Space, for twind (Tailwind's vocabulary). */
import type { StyleConfig } from "./lib/fresh/twind.ts";

// A warm stage-light palette: ink for text, saffron for action.
const ink = {
  50: "#f6f5f9",
  100: "#ebe8f1",
  300: "#b4adc6",
  500: "#6d6288",
  700: "#3d3453",
  900: "#1b1428",
};
const saffron = {
  50: "#fff8eb",
  100: "#ffecc6",
  400: "#ffb020",
  500: "#f59300",
  600: "#d97000",
  700: "#b44d02",
};
const plum = { 500: "#8b3fd9", 600: "#7429c4", 700: "#5d1fa0" };

export const styleConfig: StyleConfig = {
  theme: {
    extend: {
      colors: { ink, saffron, plum },
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
  preflight: {
    // Every control shows where the keyboard is, whatever its own classes: a white ring inside a plum
    // one stands out on the dark header as on white cards. A box-shadow, because `focus:outline-none`
    // on a field removes outlines; the transparent outline is what forced-colours modes draw instead.
    ":focus-visible": {
      outline: "2px solid transparent",
      outlineOffset: "2px",
      boxShadow: `0 0 0 2px #fff, 0 0 0 4px ${plum[600]}`,
    },
  },
};
