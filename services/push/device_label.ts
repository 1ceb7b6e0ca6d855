/** What a person's devices are listed as on /account: "Chrome on Android", from the browser's user agent. */

const LABEL_MAX = 100;

export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return "A browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /SamsungBrowser\//.test(userAgent)
    ? "Samsung Internet"
    : /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Chrome\//.test(userAgent)
    ? "Chrome"
    : /Safari\//.test(userAgent)
    ? "Safari"
    : "A browser";
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS/.test(userAgent)
    ? "macOS"
    : /Linux/.test(userAgent)
    ? "Linux"
    : "";
  return (os ? `${browser} on ${os}` : browser).slice(0, LABEL_MAX);
}
