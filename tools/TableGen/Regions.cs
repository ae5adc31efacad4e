using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;

namespace AsyncRules.TableGen
{
    /// <summary>A generated region of a Markdown file: the lines between <c>&lt;!-- generated:NAME ... --&gt;</c> and <c>&lt;!-- /generated --&gt;</c>.</summary>
    public sealed record Region(string Name, int BodyStart, int BodyLength, string Body);

    /// <summary>Finds and rewrites generated regions; text outside them is never touched.</summary>
    public static class Regions
    {
        /// <summary>The end marker, on a line of its own.</summary>
        public const string End = "<!-- /generated -->";

        private static readonly Regex Marker = new(
            @"^<!-- generated:(?<name>[A-Za-z0-9-]+)(?:[ \t][^\n]*)?-->[ \t]*\n(?<body>.*?)^<!-- /generated -->[ \t]*$",
            RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        public static ImmutableArray<Region> Find(string text)
            => Marker.Matches(text)
                .Select(m => new Region(m.Groups["name"].Value, m.Groups["body"].Index, m.Groups["body"].Length, m.Groups["body"].Value))
                .ToImmutableArray();

        /// <summary>The one region named <paramref name="name"/>, or a problem that says what is missing.</summary>
        public static Region? Single(string text, string name, string file, List<string> problems)
        {
            var found = Find(text).Where(r => r.Name == name).ToList();
            if (found.Count == 1 && !found[0].Body.Contains("<!-- generated:", System.StringComparison.Ordinal))
            {
                return found[0];
            }

            problems.Add(found.Count == 0
                ? $"{file}: no region '{name}'. Put the generated part between a line '<!-- generated:{name} -->' and a line '{End}'."
                : $"{file}: region '{name}' appears {found.Count} times or is not closed before the next one; it must appear once.");
            return null;
        }

        /// <summary>The text with the bodies of the named regions replaced; everything else as it was.</summary>
        public static string Replace(string text, IReadOnlyDictionary<string, string> bodies)
        {
            var result = text;
            foreach (var region in Find(text).Where(r => bodies.ContainsKey(r.Name)).OrderByDescending(r => r.BodyStart))
            {
                result = result.Substring(0, region.BodyStart) + bodies[region.Name] + result.Substring(region.BodyStart + region.BodyLength);
            }

            return result;
        }
    }
}
