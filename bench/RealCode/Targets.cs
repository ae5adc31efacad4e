using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AsyncRules.RealCode
{
    /// <summary>What one build invocation builds: a project (with the target framework chosen for it) or a solution.</summary>
    internal sealed record BuildTarget(string Path, string DisplayName, bool IsSolution)
    {
        public string? Framework { get; set; }

        public string? Note { get; set; }
    }

    /// <summary>Finding the repository root, copying it when asked, and choosing the target framework of each project.</summary>
    internal static class Targets
    {
        private static readonly string[] RootMarkers = { "global.json", "Directory.Build.props", "NuGet.config", "nuget.config", "NuGet.Config" };
        private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".vs", "TestResults", "node_modules" };

        /// <summary>A .csproj, .sln or .slnx; a directory stands for the one solution or project in it.</summary>
        public static string ResolveFile(string given)
        {
            var full = Path.GetFullPath(given);
            if (File.Exists(full))
            {
                var extension = Path.GetExtension(full).ToLowerInvariant();
                if (extension is not (".csproj" or ".sln" or ".slnx" or ".proj"))
                {
                    throw new UserError($"{given} is not a .csproj, .sln or .slnx file");
                }

                return full;
            }

            if (Directory.Exists(full))
            {
                var candidates = Directory.EnumerateFiles(full, "*.sln").Concat(Directory.EnumerateFiles(full, "*.slnx")).ToList();
                if (candidates.Count == 0)
                {
                    candidates = Directory.EnumerateFiles(full, "*.csproj").ToList();
                }

                return candidates.Count switch
                {
                    1 => candidates[0],
                    0 => throw new UserError($"{given} has no solution or project file"),
                    _ => throw new UserError($"{given} has several solution or project files; name one"),
                };
            }

            throw new UserError($"{given}: path not found");
        }

        /// <summary>The nearest folder above <paramref name="file"/> with .git, else the topmost one with a repository marker.</summary>
        public static string FindRoot(string file)
        {
            var start = Path.GetDirectoryName(file)!;
            string? topmost = null;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                {
                    return dir.FullName;
                }

                if (RootMarkers.Any(m => File.Exists(Path.Combine(dir.FullName, m)))
                    || dir.EnumerateFiles("*.sln").Any() || dir.EnumerateFiles("*.slnx").Any())
                {
                    topmost = dir.FullName;
                }
            }

            return topmost ?? start;
        }

        /// <summary>Copies the repository, leaving out build outputs (bin, obj, ...); symbolic links stay links.</summary>
        public static void CopyTree(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                var target = Path.Combine(to, entry.Name);
                if (entry.LinkTarget is { } link)
                {
                    if (entry is DirectoryInfo)
                    {
                        Directory.CreateSymbolicLink(target, link);
                    }
                    else
                    {
                        File.CreateSymbolicLink(target, link);
                    }
                }
                else if (entry is DirectoryInfo directory)
                {
                    if (!NotCopied.Contains(directory.Name))
                    {
                        CopyTree(directory.FullName, target);
                    }
                }
                else
                {
                    File.Copy(entry.FullName, target);
                }
            }
        }

        /// <summary>
        /// Asks MSBuild which frameworks the project targets and picks one: the one asked for when the project targets
        /// it, otherwise the newest (net10.0 over net8.0 over netcoreapp3.1 over netstandard2.1 over net48; a
        /// platform-specific one such as net8.0-windows only when nothing else is there).
        /// </summary>
        public static void ChooseFramework(BuildTarget target, string? wanted, Dotnet dotnet, IEnumerable<string> properties, string logFile)
        {
            var arguments = new List<string> { "msbuild", target.Path, "-nologo", "-getProperty:TargetFrameworks", "-getProperty:TargetFramework" };
            arguments.AddRange(properties);
            var exit = dotnet.Run(arguments, logFile);
            var output = File.ReadAllText(logFile);
            if (exit != 0)
            {
                var first = BuildLog.FirstError(File.ReadLines(logFile)) ?? $"dotnet msbuild exited with {exit}";
                throw new BuildFailure($"the project could not be evaluated: {first}");
            }

            string frameworks;
            var json = output.IndexOf('{', StringComparison.Ordinal);
            try
            {
                using var document = JsonDocument.Parse(output.Substring(Math.Max(json, 0)));
                var values = document.RootElement.GetProperty("Properties");
                frameworks = values.GetProperty("TargetFrameworks").GetString() ?? string.Empty;
                if (string.IsNullOrWhiteSpace(frameworks))
                {
                    frameworks = values.GetProperty("TargetFramework").GetString() ?? string.Empty;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or ArgumentException)
            {
                throw new BuildFailure("the project's target frameworks could not be read");
            }

            var list = frameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (list.Count == 0)
            {
                return; // not an SDK-style project with a framework; build it as it is
            }

            var chosen = wanted is not null ? list.FirstOrDefault(f => string.Equals(f, wanted, StringComparison.OrdinalIgnoreCase)) : null;
            if (wanted is not null && chosen is null)
            {
                target.Note = $"does not target {wanted}";
            }

            chosen ??= list.OrderByDescending(Rank).First();
            // A single-targeted project needs no -f; passing it would only change the output path for nothing.
            target.Framework = list.Count > 1 || wanted is not null ? chosen : null;
            target.Note = target.Note is null ? $"{chosen} of {string.Join(", ", list)}" : $"{target.Note}; {chosen} of {string.Join(", ", list)}";
        }

        private static (int NoPlatform, int Family, Version Version) Rank(string tfm)
        {
            var m = Regex.Match(tfm, @"^(?<name>[a-z]+)(?<version>[\d.]+)(?<platform>-.+)?$", RegexOptions.IgnoreCase);
            if (!m.Success)
            {
                return (0, 0, new Version(0, 0));
            }

            var name = m.Groups["name"].Value.ToLowerInvariant();
            var digits = m.Groups["version"].Value;
            var noPlatform = m.Groups["platform"].Success ? 0 : 1;
            if (name == "net" && !digits.Contains('.', StringComparison.Ordinal))
            {
                // net48, net472: .NET Framework
                return (noPlatform, 1, new Version(digits.Length > 0 ? digits[0] - '0' : 0, digits.Length > 1 ? int.Parse(digits.Substring(1), System.Globalization.CultureInfo.InvariantCulture) : 0));
            }

            var family = name switch { "net" => 4, "netcoreapp" => 3, "netstandard" => 2, _ => 0 };
            return (noPlatform, family, Version.TryParse(digits.Contains('.', StringComparison.Ordinal) ? digits : digits + ".0", out var v) ? v : new Version(0, 0));
        }
    }

    /// <summary>A build of one target that could not be done; the others go on.</summary>
    internal sealed class BuildFailure : Exception
    {
        public BuildFailure(string message)
            : base(message)
        {
        }
    }
}
