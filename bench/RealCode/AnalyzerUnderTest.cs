using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.RealCode
{
    /// <summary>One rule of the analyzer: its ID, its default severity and the analyzer type that reports it.</summary>
    internal sealed record Rule(string Id, DiagnosticSeverity DefaultSeverity, string Title, string AnalyzerType)
    {
        /// <summary>How the rule's default severity reads in an editor: error, warning or suggestion.</summary>
        public string DefaultLevel => DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "suggestion",
            _ => "silent",
        };
    }

    /// <summary>
    /// The AsyncRules.Analyzers.dll the build gets: built from this repository's src/Analyzers unless one is named, and
    /// copied to a private folder so that a rebuild of the repository during the run cannot swap it.
    /// </summary>
    internal sealed class AnalyzerUnderTest
    {
        public const string FileName = "AsyncRules.Analyzers.dll";

        private AnalyzerUnderTest(string source, string path, IReadOnlyList<Rule> rules)
        {
            Source = source;
            Path = path;
            Rules = rules;
        }

        /// <summary>Where the DLL came from (the repository's build output or the folder given).</summary>
        public string Source { get; }

        /// <summary>The private copy the build loads.</summary>
        public string Path { get; }

        public IReadOnlyList<Rule> Rules { get; }

        public static AnalyzerUnderTest Prepare(string? given, string workDir, Dotnet dotnet)
        {
            string source;
            if (given is not null)
            {
                source = Directory.Exists(given) ? System.IO.Path.Combine(given, FileName) : given;
                if (!File.Exists(source))
                {
                    throw new UserError($"--analyzers: {source} not found (name the built {FileName} or the folder that holds it)");
                }
            }
            else
            {
                source = Build(dotnet);
            }

            var folder = Directory.CreateDirectory(System.IO.Path.Combine(workDir, "analyzer")).FullName;
            var copy = System.IO.Path.Combine(folder, FileName);
            File.Copy(source, copy, overwrite: true);
            return new AnalyzerUnderTest(source, copy, ReadRules(copy));
        }

        private static string Build(Dotnet dotnet)
        {
            var repository = typeof(AnalyzerUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
            var project = repository is null ? null : System.IO.Path.Combine(repository, "src", "Analyzers", "AsyncRules.Analyzers.csproj");
            if (project is null || !File.Exists(project))
            {
                throw new UserError("this repository's src/Analyzers was not found; name a built analyzer with --analyzers");
            }

            Console.WriteLine($"building the analyzer: {project} (Release)");
            var log = System.IO.Path.Combine(dotnet.WorkDir, "analyzer-build.txt");
            var exit = dotnet.Run(new[] { "build", project, "-c", "Release", "-nologo", "-v:q" }, log);
            if (exit != 0)
            {
                var first = BuildLog.FirstError(File.ReadLines(log)) ?? $"dotnet build exited with {exit}";
                throw new UserError($"the analyzer did not build: {first} (log: {log})");
            }

            var output = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(project)!, "bin", "Release");
            var built = Directory.Exists(output)
                ? Directory.EnumerateFiles(output, FileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                : null;
            return built ?? throw new UserError($"the analyzer built, but no {FileName} is under {output}");
        }

        /// <summary>Loads the copy and asks each analyzer type for its descriptors: the IDs and their default severities.</summary>
        private static IReadOnlyList<Rule> ReadRules(string path)
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.LoadFrom(path);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new UserError($"{path} is not a loadable analyzer assembly: {e.Message}");
            }

            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types.Where(t => t is not null).ToArray()!;
            }

            var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
            foreach (var type in types)
            {
                if (type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is null)
                {
                    continue;
                }

                if (Activator.CreateInstance(type) is not DiagnosticAnalyzer analyzer)
                {
                    continue;
                }

                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    rules.TryAdd(descriptor.Id, new Rule(descriptor.Id, descriptor.DefaultSeverity, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture), type.FullName ?? type.Name));
                }
            }

            if (rules.Count == 0)
            {
                throw new UserError($"{path} has no diagnostic analyzer");
            }

            return rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }
    }
}
