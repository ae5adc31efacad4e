using System;
using System.IO;

namespace AsyncRules.Learn.Ui
{
    /// <summary>
    /// How output looks: ANSI colours and clickable links only on a terminal and without NO_COLOR; plain text otherwise
    /// (a file, a pipe, CI). A link is also always written as plain text, so it works where links are not supported.
    /// </summary>
    internal sealed class Style
    {
        public Style(bool color, bool links)
        {
            Color = color;
            Links = links;
        }

        public bool Color { get; }

        public bool Links { get; }

        public static Style For(LearnConsole console)
        {
            var noColor = !string.IsNullOrEmpty(console.Env("NO_COLOR"));
            var dumb = string.Equals(console.Env("TERM"), "dumb", StringComparison.Ordinal);
            var color = console.OutputIsTerminal && !noColor && !dumb;
            return new Style(color, color);
        }

        public string Green(string text) => Paint("32", text);

        public string Red(string text) => Paint("31", text);

        public string Yellow(string text) => Paint("33", text);

        public string Cyan(string text) => Paint("36", text);

        public string Bold(string text) => Paint("1", text);

        public string Dim(string text) => Paint("2", text);

        public string Ok => Color ? Green("✓") : "PASS";

        public string NotYet => Color ? Red("✗") : "FAIL";

        /// <summary><c>path:line:col</c>, clickable (OSC 8, file:// URI) where the terminal supports it.</summary>
        public string FileLink(string path, int line = 0, int column = 0)
        {
            var text = line > 0 ? $"{path}:{line}:{column}" : path;
            if (!Links)
            {
                return text;
            }

            var full = Path.GetFullPath(path);
            var uri = new Uri(full).AbsoluteUri;
            return $"\u001b]8;;{uri}\u001b\\{text}\u001b]8;;\u001b\\";
        }

        public string UrlLink(string url) => Links ? $"\u001b]8;;{url}\u001b\\{url}\u001b]8;;\u001b\\" : url;

        private string Paint(string code, string text) => Color ? $"\u001b[{code}m{text}\u001b[0m" : text;
    }
}
