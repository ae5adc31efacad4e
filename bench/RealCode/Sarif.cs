using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace AsyncRules.RealCode
{
    /// <summary>One ASYNC result as the compiler logged it.</summary>
    internal sealed record Finding(string RuleId, string Level, string File, int Line, int Column, string Message);

    /// <summary>Reads the ASYNC results out of the SARIF 2.1 logs the compiler wrote, one per project and framework.</summary>
    internal static class Sarif
    {
        /// <summary>The results of every log in <paramref name="folder"/>; <paramref name="suppressed"/> counts the ones a
        /// suppression in the source silenced (they are logged, but nobody sees them).</summary>
        public static List<Finding> Read(string folder, ISet<string> ruleIds, out int suppressed, out List<string> unreadable)
        {
            var findings = new List<Finding>();
            suppressed = 0;
            unreadable = new List<string>();
            if (!Directory.Exists(folder))
            {
                return findings;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.sarif"))
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(File.ReadAllBytes(file));
                }
                catch (JsonException)
                {
                    unreadable.Add(file);
                    continue;
                }

                using (document)
                {
                    if (!document.RootElement.TryGetProperty("runs", out var runs))
                    {
                        unreadable.Add(file);
                        continue;
                    }

                    foreach (var run in runs.EnumerateArray())
                    {
                        if (!run.TryGetProperty("results", out var results))
                        {
                            continue;
                        }

                        foreach (var result in results.EnumerateArray())
                        {
                            var id = String(result, "ruleId");
                            if (id is null || !ruleIds.Contains(id))
                            {
                                continue;
                            }

                            if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0)
                            {
                                suppressed++;
                                continue;
                            }

                            var level = String(result, "level") ?? "warning";
                            var message = result.TryGetProperty("message", out var m) ? String(m, "text") ?? string.Empty : string.Empty;
                            string path = string.Empty;
                            int line = 0, column = 0;
                            if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                                && locations[0].TryGetProperty("physicalLocation", out var physical))
                            {
                                if (physical.TryGetProperty("artifactLocation", out var artifact) && String(artifact, "uri") is { } uri)
                                {
                                    path = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
                                }

                                if (physical.TryGetProperty("region", out var region))
                                {
                                    line = Int(region, "startLine");
                                    column = Int(region, "startColumn");
                                }
                            }

                            findings.Add(new Finding(id, level, path, line, column, message));
                        }
                    }
                }
            }

            return findings;
        }

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static int Int(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
    }
}
