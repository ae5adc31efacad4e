using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Benchmarks
{
    /// <summary>
    /// One real compilation, rebuilt in process from the compiler command line that bench/RealCode captured during a real
    /// build (<c>--command-lines</c>: the project directory on the first line, then one compiler argument per line). Holds
    /// what does not change between repetitions (the source texts, the references, the analyzer configs, the project's
    /// source generators); <see cref="Compile"/> does the compiler's work once more from the texts.
    /// </summary>
    internal sealed class CapturedCompilation
    {
        private readonly CSharpCommandLineArguments arguments;
        private readonly ImmutableArray<(string Path, SourceText Text)> sources;
        private readonly ImmutableArray<ISourceGenerator> generators;
        private readonly ImmutableArray<ResourceDescription> resources;

        private readonly ImmutableArray<string> rawArguments;
        private readonly ImmutableHashSet<string> generatorAssemblies;

        private CapturedCompilation(string name, ImmutableArray<string> rawArguments, CSharpCommandLineArguments arguments, ImmutableArray<(string Path, SourceText Text)> sources, ImmutableArray<MetadataReference> references,
            ImmutableArray<ISourceGenerator> generators, ImmutableHashSet<string> generatorAssemblies, ImmutableArray<AdditionalText> additionalFiles, ConfigOptions config, CSharpCompilationOptions options, ImmutableArray<string> warnings)
        {
            this.generatorAssemblies = generatorAssemblies;
            Name = name;
            this.rawArguments = rawArguments;
            this.arguments = arguments;
            this.sources = sources;
            References = references;
            this.generators = generators;
            AdditionalFiles = additionalFiles;
            Config = config;
            Options = options;
            Warnings = warnings;
            resources = arguments.ManifestResources;
            Lines = sources.Sum(s => s.Text.Lines.Count);
        }

        /// <summary>The captured file's name without extension: project, target framework, hash of the project path.</summary>
        public string Name { get; }

        /// <summary>The project directory: relative paths on the command line are relative to it, and the compiler runs in it.</summary>
        public string ProjectDirectory => arguments.BaseDirectory!;

        public ImmutableArray<MetadataReference> References { get; }

        public ImmutableArray<AdditionalText> AdditionalFiles { get; }

        /// <summary>The project's analyzer configs (editorconfig, global configs) plus the benchmark's severities, as the compiler reads them.</summary>
        public ConfigOptions Config { get; }

        public CSharpCompilationOptions Options { get; }

        /// <summary>Lines of the project's own source files (generated code not counted).</summary>
        public int Lines { get; }

        public int Generators => generators.Length;

        /// <summary>What did not load as in the build (unparsed arguments, missing references, a generator that failed to load).</summary>
        public ImmutableArray<string> Warnings { get; }

        /// <summary>
        /// Reads a captured command line. <paramref name="severities"/> is the text of a global analyzer config that is added
        /// above the project's own (global_level 1000), so that every measured rule has the severity the benchmark wants
        /// whatever the repository configures in bulk. Analyzer references are used only for their source generators:
        /// the analyzers measured are the benchmark's own.
        /// </summary>
        public static CapturedCompilation Load(string file, string severities, IAnalyzerAssemblyLoader loader)
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToList();
            if (lines.Count < 2 || !Directory.Exists(lines[0]))
            {
                throw new InvalidDataException($"{file}: not a captured command line (the first line must be the project directory, then one compiler argument per line)");
            }

            var directory = lines[0];
            var parsed = CSharpCommandLineParser.Default.Parse(lines.Skip(1), directory, RuntimeEnvironment.GetRuntimeDirectory(), additionalReferenceDirectories: null);
            var warnings = ImmutableArray.CreateBuilder<string>();
            warnings.AddRange(parsed.Errors.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => $"command line: {d.GetMessage()}"));

            var sources = parsed.SourceFiles.Select(s => (s.Path, Read(s.Path, parsed))).ToImmutableArray();

            var references = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (var reference in parsed.MetadataReferences)
            {
                var path = Path.IsPathRooted(reference.Reference) ? reference.Reference : Path.GetFullPath(Path.Combine(directory, reference.Reference));
                if (File.Exists(path))
                {
                    references.Add(MetadataReference.CreateFromFile(path, reference.Properties));
                }
                else
                {
                    warnings.Add($"reference not found: {path}");
                }
            }

            var configs = parsed.AnalyzerConfigPaths.Where(File.Exists)
                .Select(p => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(p)), p))
                .Append(AnalyzerConfig.Parse(SourceText.From(severities), Path.Combine(directory, "asyncrules-benchmark.globalconfig")))
                .ToImmutableArray();
            var config = new ConfigOptions(AnalyzerConfigSet.Create(configs, out _));

            var generators = ImmutableArray.CreateBuilder<ISourceGenerator>();
            var generatorAssemblies = new HashSet<string>(StringComparer.Ordinal);
            var needed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var others = new List<string>();
            foreach (var reference in parsed.ResolveAnalyzerReferences(loader).OfType<AnalyzerFileReference>())
            {
                if (string.Equals(Path.GetFileName(reference.FullPath), "AsyncRules.Analyzers.dll", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                reference.AnalyzerLoadFailed += (_, e) =>
                {
                    if (e.ErrorCode != AnalyzerLoadFailureEventArgs.FailureErrorCode.NoAnalyzers)
                    {
                        warnings.Add($"{Path.GetFileName(reference.FullPath)}: {e.ErrorCode} {e.Message}");
                    }
                };
                var found = reference.GetGenerators(LanguageNames.CSharp);
                generators.AddRange(found);
                if (found.Length > 0)
                {
                    generatorAssemblies.Add(Path.GetFullPath(reference.FullPath));
                    needed.UnionWith(found.SelectMany(g => g.GetGeneratorType().Assembly.GetReferencedAssemblies()).Select(a => a.Name).OfType<string>());
                }
                else
                {
                    others.Add(Path.GetFullPath(reference.FullPath));
                }
            }

            // A generator's dependency passed as an analyzer from another folder (npgsql's generator needs Scriban.Signed from its
            // NuGet package): kept for the cold csc too, which would otherwise fail to run that generator.
            generatorAssemblies.UnionWith(others.Where(o => needed.Contains(Path.GetFileNameWithoutExtension(o))));

            var additional = parsed.AdditionalFiles.Select(f => (AdditionalText)new FileText(f.Path)).ToImmutableArray();
            // What the command-line compiler adds to the parsed options: strong-name signing, <include> in doc comments,
            // #load/#line file resolution, and the desktop assembly unification rules.
            var options = parsed.CompilationOptions
                .WithSyntaxTreeOptionsProvider(new TreeOptions(config))
                .WithStrongNameProvider(new DesktopStrongNameProvider(parsed.KeyFileSearchPaths))
                .WithXmlReferenceResolver(new XmlFileResolver(parsed.BaseDirectory))
                .WithSourceReferenceResolver(new SourceFileResolver(parsed.SourcePaths, parsed.BaseDirectory, parsed.PathMap))
                .WithAssemblyIdentityComparer(DesktopAssemblyIdentityComparer.Default);
            return new CapturedCompilation(Path.GetFileNameWithoutExtension(file), lines.Skip(1).ToImmutableArray(), parsed, sources, references.ToImmutable(), generators.ToImmutable(), generatorAssemblies.ToImmutableHashSet(StringComparer.Ordinal), additional, config, options, warnings.ToImmutable());
        }

        /// <summary>
        /// The compiler's work without analyzers: parse every source file, run the project's source generators, bind and
        /// emit (assembly, PDB and XML documentation, into memory). Returns the syntax trees, generated ones included, for
        /// the analyzer passes; <paramref name="errors"/> are the compile errors (none on a project that built).
        /// </summary>
        public ImmutableArray<SyntaxTree> Compile(out ImmutableArray<Diagnostic> errors)
        {
            var parse = arguments.ParseOptions;
            var trees = sources.AsParallel().AsOrdered().Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToImmutableArray();
            var compilation = (Compilation)Create(trees);
            var generated = ImmutableArray<Diagnostic>.Empty;
            if (generators.Length > 0)
            {
                CSharpGeneratorDriver.Create(generators, AdditionalFiles, parse, Config)
                    .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out generated);
            }

            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            using var xml = arguments.DocumentationPath is null ? null : new MemoryStream();
            var embedded = arguments.EmitOptions.DebugInformationFormat == DebugInformationFormat.Embedded;
            var result = compilation.Emit(pe, arguments.EmitPdb && !embedded ? pdb : null, xml, manifestResources: resources, options: arguments.EmitOptions);
            errors = generated.Concat(result.Diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            return compilation.SyntaxTrees.ToImmutableArray();
        }

        /// <summary>
        /// A response file for the SDK's command-line compiler that compiles as the build did, without analyzers: the
        /// captured arguments with the analyzer assemblies left out except the source generators and what lies beside them, no error log nor
        /// analyzer report, and the outputs sent to <paramref name="outDir"/>.
        /// </summary>
        /// <remarks>With <paramref name="analyzer"/> (an analyzer assembly) and <paramref name="config"/> (a global analyzer config file), that analyzer runs too, cold, as in a build.</remarks>
        public string WriteCscResponseFile(string outDir, string? analyzer = null, string? config = null)
        {
            var text = new StringBuilder();
            if (analyzer is not null && config is not null)
            {
                text.AppendLine($"/analyzer:\"{analyzer}\"");
                text.AppendLine($"/analyzerconfig:\"{config}\"");
            }

            foreach (var argument in rawArguments)
            {
                var (name, value) = Split(argument);
                switch (name)
                {
                    case "analyzer" or "a" when !GeneratorFolder(Path.GetFullPath(Unquote(value), arguments.BaseDirectory!)):
                    case "errorlog" or "reportanalyzer":
                    case "analyzerconfig" when !File.Exists(Path.GetFullPath(Unquote(value), arguments.BaseDirectory!)): // the real-code check's own, in its deleted work folder
                        continue;
                    case "out" or "refout" or "doc" or "generatedfilesout":
                        // The file name stays: without /name the assembly is named after /out (InternalsVisibleTo needs it).
                        var folder = Directory.CreateDirectory(Path.Combine(outDir, Name, name)).FullName;
                        text.AppendLine($"/{name}:\"{Path.Combine(folder, Path.GetFileName(Unquote(value).TrimEnd('/')))}\"");
                        continue;
                }

                text.AppendLine(argument.Contains(' ') && !argument.Contains('"') ? $"\"{argument}\"" : argument);
            }

            var file = Path.Combine(outDir, Name + (analyzer is null ? string.Empty : "-with-" + Path.GetFileNameWithoutExtension(analyzer)) + ".rsp");
            File.WriteAllText(file, text.ToString());
            return file;

            static (string Name, string Value) Split(string argument)
            {
                if (argument.Length < 2 || argument[0] is not ('/' or '-'))
                {
                    return (string.Empty, argument);
                }

                var colon = argument.IndexOf(':');
                return colon < 0 ? (argument.Substring(1).ToLowerInvariant(), string.Empty) : (argument.Substring(1, colon - 1).ToLowerInvariant(), argument.Substring(colon + 1));
            }

            static string Unquote(string value) => value.Trim('"');

            // A generator's own assembly, or one beside it (its dependencies are passed to the compiler as analyzers too).
            bool GeneratorFolder(string path) => generatorAssemblies.Any(g => string.Equals(Path.GetDirectoryName(g), Path.GetDirectoryName(path), StringComparison.Ordinal));
        }

        /// <summary>A fresh compilation of the trees: no semantic model, no bound method body shared with another pass.</summary>
        public CSharpCompilation Create(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(arguments.CompilationName, trees, References, Options);

        public AnalyzerOptions AnalyzerOptions() => new(AdditionalFiles, Config);

        private static SourceText Read(string path, CSharpCommandLineArguments parsed)
        {
            using var stream = File.OpenRead(path);
            return SourceText.From(stream, parsed.Encoding, parsed.ChecksumAlgorithm);
        }

        /// <summary>An additional file, read on first use.</summary>
        private sealed class FileText : AdditionalText
        {
            private SourceText? text;

            public FileText(string path)
            {
                Path = path;
            }

            public override string Path { get; }

            public override SourceText? GetText(CancellationToken cancellationToken = default)
                => text ??= File.Exists(Path) ? SourceText.From(File.ReadAllText(Path)) : null;
        }
    }

    /// <summary>The analyzer config options per file and global, from an <see cref="AnalyzerConfigSet"/>, as the compiler hands them to analyzers and generators.</summary>
    internal sealed class ConfigOptions : AnalyzerConfigOptionsProvider
    {
        private readonly ConcurrentDictionary<string, AnalyzerConfigOptionsResult> perPath = new(StringComparer.Ordinal);

        public ConfigOptions(AnalyzerConfigSet set)
        {
            Set = set;
            GlobalOptions = new Options(set.GlobalConfigOptions.AnalyzerOptions);
        }

        public AnalyzerConfigSet Set { get; }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public AnalyzerConfigOptionsResult For(string path) => perPath.GetOrAdd(path, p => Set.GetOptionsForSourcePath(p));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(For(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(For(textFile.Path).AnalyzerOptions);

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> values;

            public Options(ImmutableDictionary<string, string> values)
            {
                this.values = values;
            }

            public override IEnumerable<string> Keys => values.Keys;

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }

    /// <summary>Diagnostic severities and generated-code marks from the analyzer configs, per syntax tree, as the compiler applies them.</summary>
    internal sealed class TreeOptions : SyntaxTreeOptionsProvider
    {
        private readonly ConfigOptions config;

        public TreeOptions(ConfigOptions config)
        {
            this.config = config;
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
            => config.For(tree.FilePath).AnalyzerOptions.TryGetValue("generated_code", out var value) && bool.TryParse(value, out var generated)
                ? generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => config.For(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            => config.Set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    /// <summary>
    /// Loads a project's analyzer assemblies (for their source generators) each folder in its own load context, as the
    /// compiler does, so that two projects' copies of one generator in different versions do not collide; the compiler's
    /// own assemblies come from the host.
    /// </summary>
    internal sealed class IsolatedLoader : IAnalyzerAssemblyLoader
    {
        private readonly ConcurrentDictionary<string, Context> contexts = new(StringComparer.Ordinal);

        /// <summary>Every analyzer path of the command lines, by simple name: a generator's dependency may sit in another folder.</summary>
        private readonly ConcurrentDictionary<string, string> locations = new(StringComparer.OrdinalIgnoreCase);

        public void AddDependencyLocation(string fullPath) => locations.TryAdd(Path.GetFileNameWithoutExtension(fullPath), fullPath);

        public Assembly LoadFromPath(string fullPath)
            => contexts.GetOrAdd(Path.GetDirectoryName(fullPath)!, d => new Context(d, locations)).LoadFromAssemblyPath(fullPath);

        /// <summary>The simple names of the assemblies the host resolves itself (the runtime's and this program's).</summary>
        private static readonly Lazy<HashSet<string>> Host = new(() => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator).Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase));

        private sealed class Context : AssemblyLoadContext
        {
            private readonly string directory;
            private readonly ConcurrentDictionary<string, string> locations;

            public Context(string directory, ConcurrentDictionary<string, string> locations)
                : base($"generators {directory}")
            {
                this.directory = directory;
                this.locations = locations;
            }

            protected override Assembly? Load(AssemblyName name)
            {
                if (name.Name is null || name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || Host.Value.Contains(name.Name))
                {
                    return null;
                }

                var path = Path.Combine(directory, name.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path)
                    : locations.TryGetValue(name.Name, out var elsewhere) && File.Exists(elsewhere) ? LoadFromAssemblyPath(elsewhere)
                    : null;
            }
        }
    }
}
