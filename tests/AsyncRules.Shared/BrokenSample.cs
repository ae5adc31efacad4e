using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// A file of samples/AsyncDemos.Broken and the expectations it carries: a header line <c>// Trips: ASYNC030, ...</c>
    /// and, on each offending line, a trailing comment naming the rule (<c>Thread.Sleep(1000); // ASYNC030</c>).
    /// </summary>
    public sealed class BrokenSample
    {
        private static readonly Regex HeaderPattern = new(@"^//\s*Trips:\s*(?<ids>.+)$", RegexOptions.Multiline);
        private static readonly Regex LineMarker = new(@"//\s*(?<ids>(ASYNC[0-9]{3}|CS[0-9]{4})(\s*,\s*(ASYNC[0-9]{3}|CS[0-9]{4}))*)\s*$");
        private static readonly Regex Id = new(@"(ASYNC[0-9]{3}|CS[0-9]{4})");

        private BrokenSample(string path, string text, ImmutableArray<string> headerIds, ImmutableArray<(int Line, string Id)> markers)
        {
            Path = path;
            Text = text;
            HeaderIds = headerIds;
            Markers = markers;
        }

        public string Path { get; }

        public string FileName => System.IO.Path.GetFileName(Path);

        public string Text { get; }

        /// <summary>Rule IDs the header says the file trips.</summary>
        public ImmutableArray<string> HeaderIds { get; }

        /// <summary>Zero-based line numbers and the rule marked on each.</summary>
        public ImmutableArray<(int Line, string Id)> Markers { get; }

        public static BrokenSample Load(string path)
        {
            var text = File.ReadAllText(path);
            var header = HeaderPattern.Match(text);
            var headerIds = header.Success
                ? Id.Matches(header.Groups["ids"].Value).Select(m => m.Value).Distinct().ToImmutableArray()
                : ImmutableArray<string>.Empty;
            var markers = new List<(int, string)>();
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", System.StringComparison.Ordinal))
                {
                    continue; // header and prose comments are not markers
                }

                var marker = LineMarker.Match(lines[i].TrimEnd('\r'));
                if (marker.Success)
                {
                    markers.AddRange(Id.Matches(marker.Groups["ids"].Value).Select(m => (i, m.Value)));
                }
            }

            return new BrokenSample(path, text, headerIds, markers.ToImmutableArray());
        }

        /// <summary>The repository root, stamped into this assembly at build time.</summary>
        public static string RepositoryRoot { get; } = typeof(BrokenSample).Assembly
            .GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value
            ?? throw new System.InvalidOperationException("Assembly metadata 'RepositoryRoot' is missing; rebuild AsyncRules.Shared.");

        public static ImmutableArray<BrokenSample> All(bool compiling)
        {
            var root = System.IO.Path.Combine(RepositoryRoot, "samples", "AsyncDemos.Broken");
            return Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains(System.IO.Path.DirectorySeparatorChar + "obj" + System.IO.Path.DirectorySeparatorChar)
                         && !p.Contains(System.IO.Path.DirectorySeparatorChar + "bin" + System.IO.Path.DirectorySeparatorChar))
                .Where(p => p.Contains(System.IO.Path.DirectorySeparatorChar + "NonCompiling" + System.IO.Path.DirectorySeparatorChar) != compiling)
                .OrderBy(p => p, System.StringComparer.Ordinal)
                .Select(Load)
                .ToImmutableArray();
        }
    }
}
