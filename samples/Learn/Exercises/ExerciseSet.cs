using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Learn.Exercises
{
    /// <summary>A source file of the broken demos' project, by its path in that project (<c>NonCompiling/X.cs</c>).</summary>
    internal sealed record SourceFile(string RelativePath, string Text)
    {
        public bool Compiles => !RelativePath.StartsWith("NonCompiling/", StringComparison.Ordinal);
    }

    /// <summary>
    /// Every exercise, in the walkthrough's order, with what it needs to be checked: the project it belongs to (the broken
    /// demos), the reference solutions and the rule pages. Built from the files embedded in the tool, so a new broken demo
    /// is a new exercise at the next build, with no code to change.
    /// </summary>
    internal sealed class ExerciseSet
    {
        private ExerciseSet(ImmutableArray<SourceFile> projectFiles, ImmutableArray<Exercise> exercises, string? startupObject, ImmutableDictionary<string, string> docs)
        {
            ProjectFiles = projectFiles;
            Exercises = exercises;
            StartupObject = startupObject;
            Docs = docs;
        }

        /// <summary>Every file of the broken demos' project, the ones that do not compile included.</summary>
        public ImmutableArray<SourceFile> ProjectFiles { get; }

        public ImmutableArray<Exercise> Exercises { get; }

        /// <summary>The project's StartupObject (it has two Mains, one of them a mistake).</summary>
        public string? StartupObject { get; }

        /// <summary>Rule pages by ID (docs/rules/ID.md).</summary>
        public ImmutableDictionary<string, string> Docs { get; }

        public Exercise? Find(string nameOrNumber)
        {
            if (int.TryParse(nameOrNumber, out var number) && number >= 1 && number <= Exercises.Length)
            {
                return Exercises[number - 1];
            }

            return Exercises.FirstOrDefault(e => string.Equals(e.Name, nameOrNumber, StringComparison.OrdinalIgnoreCase))
                ?? Exercises.FirstOrDefault(e => string.Equals(e.WorkingPath, nameOrNumber.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase));
        }

        private static readonly Lazy<ExerciseSet> Embedded = new(LoadEmbedded);

        /// <summary>The exercises built into the tool.</summary>
        public static ExerciseSet FromTool() => Embedded.Value;

        private static ExerciseSet LoadEmbedded()
        {
            var assembly = typeof(ExerciseSet).Assembly;
            var project = new List<SourceFile>();
            var solutions = new Dictionary<string, string>(StringComparer.Ordinal);
            var docs = new Dictionary<string, string>(StringComparer.Ordinal);
            string? csproj = null;
            foreach (var name in assembly.GetManifestResourceNames())
            {
                var path = name.Replace('\\', '/');
                var text = Read(assembly, name);
                if (path.StartsWith("exercises/", StringComparison.Ordinal) && path.EndsWith(".cs", StringComparison.Ordinal))
                {
                    project.Add(new SourceFile(path["exercises/".Length..], text));
                }
                else if (path.StartsWith("exercises/", StringComparison.Ordinal) && path.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    csproj = text;
                }
                else if (path.StartsWith("solutions/", StringComparison.Ordinal))
                {
                    solutions[Path.GetFileNameWithoutExtension(path)] = text;
                }
                else if (path.StartsWith("docs/", StringComparison.Ordinal))
                {
                    docs[Path.GetFileNameWithoutExtension(path)] = text;
                }
            }

            if (project.Count == 0)
            {
                throw new LearnException("this build of the learn tool carries no exercises (samples/AsyncDemos.Broken was not embedded).");
            }

            return Create(project, solutions, docs, csproj);
        }

        /// <param name="projectFiles">The broken demos' project: paths relative to it, NonCompiling/ for the files it excludes.</param>
        /// <param name="solutions">Reference solutions by exercise name.</param>
        /// <param name="docs">Rule pages by ID.</param>
        /// <param name="csproj">The project file, for its StartupObject.</param>
        public static ExerciseSet Create(IEnumerable<SourceFile> projectFiles, IReadOnlyDictionary<string, string> solutions, IReadOnlyDictionary<string, string> docs, string? csproj)
        {
            var files = projectFiles
                .Select(f => f with { RelativePath = f.RelativePath.Replace('\\', '/') })
                .Where(f => !f.RelativePath.StartsWith("bin/", StringComparison.Ordinal) && !f.RelativePath.StartsWith("obj/", StringComparison.Ordinal))
                .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
                .ToImmutableArray();
            var exercises = files
                .Select(f => Exercise.TryCreate(f, solutions.TryGetValue(Exercise.NameOf(f.RelativePath), out var s) ? s : null))
                .OfType<Exercise>()
                .OrderBy(e => e.Family.Number)
                .ThenBy(e => e.Rank)
                .ThenBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < exercises.Count; i++)
            {
                exercises[i].Number = i + 1;
            }

            var startup = csproj is null ? null : Regex.Match(csproj, @"<StartupObject>\s*([^<\s]+)\s*</StartupObject>") is { Success: true } m ? m.Groups[1].Value : null;
            return new ExerciseSet(files, exercises.ToImmutableArray(), startup, docs.ToImmutableDictionary(StringComparer.Ordinal));
        }

        private static string Read(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>A group of exercises: the walkthrough's rules, in its order.</summary>
    internal sealed record Family(int Number, string Slug, string Title)
    {
        public string Folder => $"{Number}-{Slug}";

        public static readonly Family AwaitOnlyInAsync = new(1, "await-only-in-async-code", "await only in async code");
        public static readonly Family AwaitablesOnly = new(2, "awaitables-only", "only awaitables are awaited, and every task is");
        public static readonly Family NeverBlock = new(3, "never-block", "never block on a task");
        public static readonly Family NoSleeping = new(4, "no-sleeping", "no sleeping or blocking calls in a coroutine");
        public static readonly Family AsyncStreams = new(5, "async-streams", "async streams");
        public static readonly Family Cancellation = new(6, "cancellation", "cancellation");
        public static readonly Family Callbacks = new(7, "coroutines-not-callbacks", "coroutines, not callbacks");
        public static readonly Family More = new(8, "more", "more");

        /// <summary>Each known ID in the order the walkthrough (and the rule catalog) takes them.</summary>
        private static readonly (string Id, Family Family)[] Known =
        {
            ("CS4033", AwaitOnlyInAsync), ("CS4032", AwaitOnlyInAsync), ("CS4034", AwaitOnlyInAsync),
            ("CS4008", AwaitablesOnly), ("CS4001", AwaitablesOnly), ("CS1061", AwaitablesOnly), ("CS4014", AwaitablesOnly),
            ("ASYNC001", AwaitablesOnly), ("ASYNC002", AwaitablesOnly), ("ASYNC003", AwaitablesOnly), ("ASYNC004", AwaitablesOnly), ("ASYNC005", AwaitablesOnly),
            ("ASYNC010", NeverBlock), ("ASYNC011", NeverBlock),
            ("ASYNC030", NoSleeping), ("ASYNC031", NoSleeping),
            ("CS8414", AsyncStreams), ("CS1624", AsyncStreams), ("CS8403", AsyncStreams), ("CS1622", AsyncStreams),
            ("ASYNC020", AsyncStreams), ("ASYNC021", AsyncStreams), ("ASYNC022", AsyncStreams), ("ASYNC023", AsyncStreams), ("CS8425", AsyncStreams),
            ("ASYNC040", Cancellation),
            ("ASYNC006", Callbacks),
        };

        public static (Family Family, int Rank) Of(string id)
        {
            var index = Array.FindIndex(Known, k => k.Id == id);
            if (index >= 0)
            {
                return (Known[index].Family, index);
            }

            // An ID the tool does not know yet: its place follows its number (ASYNC0x0 families), after the known ones.
            var family = id.StartsWith("ASYNC0", StringComparison.Ordinal) && id.Length == 8
                ? id[6] switch
                {
                    '0' => AwaitablesOnly,
                    '1' => NeverBlock,
                    '2' => AsyncStreams,
                    '3' => NoSleeping,
                    '4' => Cancellation,
                    _ => More,
                }
                : More;
            return (family, Known.Length);
        }
    }

    /// <summary>One broken demo: one mistake, named by its header (<c>// Trips: ASYNC030</c>) and marked on its lines.</summary>
    internal sealed class Exercise
    {
        private static readonly Regex TripsLine = new(@"^\s*Trips:\s*(?<ids>.+)$");
        private static readonly Regex Id = new(@"\b(ASYNC[0-9]{3}|CS[0-9]{4})\b");
        private static readonly Regex LineMarker = new(@"//\s*(?<ids>(ASYNC[0-9]{3}|CS[0-9]{4})(\s*,\s*(ASYNC[0-9]{3}|CS[0-9]{4}))*)\s*$");
        private static readonly Regex SentenceBreak = new(@"(?<=[.!?])\s+(?=[A-Z`(])");
        private static readonly Regex RulePrefix = new(@"^(ASYNC[0-9]{3}|CS[0-9]{4})_");
        private static readonly Regex RunCommand = new(@"Run:\s*dotnet run --project \S+ -- \S+(\s+--\S+)*\.?");

        private Exercise(SourceFile file, ImmutableArray<string> ids, ImmutableArray<(int Line, string Id)> markers, string mistake, string explanation, string? reference, string typeName, ImmutableArray<string> entries)
        {
            File = file;
            Ids = ids;
            Markers = markers;
            Mistake = mistake;
            Explanation = explanation;
            ReferenceText = reference;
            TypeName = typeName;
            EntryMethods = entries;
            (Family, Rank) = Family.Of(ids[0]);
        }

        public SourceFile File { get; }

        /// <summary>
        /// The demo's name: its file name without the rule prefix the repository sorts the broken demos by
        /// (<c>ASYNC030_CountAsyncWithThreadSleep.cs</c> → <c>CountAsyncWithThreadSleep</c>), which is also its class, its
        /// reference solution's file name and its file in the learner's folder (where the part of the walkthrough groups it).
        /// </summary>
        public string Name => NameOf(File.RelativePath);

        /// <summary>1-based place in the walkthrough's order.</summary>
        public int Number { get; internal set; }

        public Family Family { get; }

        public int Rank { get; }

        /// <summary>Where the learner edits it, relative to the working copy.</summary>
        public string WorkingPath => $"{Family.Folder}/{Name}.cs";

        public string OriginalText => File.Text;

        /// <summary>What the header says the file trips: the exercise is done when none is left.</summary>
        public ImmutableArray<string> Ids { get; }

        /// <summary>Zero-based lines that carry a marker, and the rule marked.</summary>
        public ImmutableArray<(int Line, string Id)> Markers { get; }

        /// <summary>The header's "Mistake:" sentence.</summary>
        public string Mistake { get; }

        /// <summary>The header's other sentences: why it is a mistake and what it costs.</summary>
        public string Explanation { get; }

        /// <summary>The hand-written reference solution (samples/Learn/Solutions/Name.cs), if there is one.</summary>
        public string? ReferenceText { get; }

        /// <summary>The class the exercise is about, by its full name.</summary>
        public string TypeName { get; }

        /// <summary>What a run calls, in order: <c>RunAsync</c>, or else every public static method of the class.</summary>
        public ImmutableArray<string> EntryMethods { get; }

        public bool Compiles => File.Compiles;

        public override string ToString() => Name;

        /// <summary>A broken demo's name from its path: the file name without extension and without its rule prefix.</summary>
        public static string NameOf(string relativePath) => RulePrefix.Replace(Path.GetFileNameWithoutExtension(relativePath), string.Empty);

        public static Exercise? TryCreate(SourceFile file, string? reference)
        {
            var lines = file.Text.Replace("\r\n", "\n").Split('\n');
            var header = lines.TakeWhile(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal))
                .Select(l => l.TrimStart()[2..].Trim())
                .ToList();
            var tripsIndex = header.FindIndex(l => TripsLine.IsMatch(l));
            if (tripsIndex < 0)
            {
                return null; // not an exercise (Program.cs and other support files)
            }

            var ids = Id.Matches(TripsLine.Match(header[tripsIndex]).Groups["ids"].Value).Select(m => m.Value).Distinct().ToImmutableArray();
            if (ids.IsEmpty)
            {
                return null;
            }

            var markers = new List<(int, string)>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                var marker = LineMarker.Match(lines[i]);
                if (marker.Success)
                {
                    markers.AddRange(Id.Matches(marker.Groups["ids"].Value).Select(m => (i, m.Value)));
                }
            }

            var mistake = string.Join(" ", header.Take(tripsIndex)).Trim();
            mistake = Regex.Replace(mistake, @"^Mistake:\s*", string.Empty);
            mistake = mistake.Length > 0 ? char.ToUpperInvariant(mistake[0]) + mistake[1..] : mistake;
            // The header's prose, without what only makes sense in the repository (how to run the demo there).
            var prose = RunCommand.Replace(string.Join(" ", header.Skip(tripsIndex + 1)), string.Empty);
            var explanation = string.Join(" ", SentenceBreak.Split(prose).Select(s => s.Trim()).Where(s => s.Length > 0 && !s.Contains("--timeline", StringComparison.Ordinal)));

            // The class the file is named after (a file may declare a record or two before it), else its first class.
            var root = CSharpSyntaxTree.ParseText(file.Text).GetCompilationUnitRoot();
            var types = root.DescendantNodes().OfType<TypeDeclarationSyntax>().ToList();
            var type = types.FirstOrDefault(t => t.Identifier.Text == NameOf(file.RelativePath))
                ?? types.FirstOrDefault(t => t is ClassDeclarationSyntax)
                ?? types.FirstOrDefault();
            var ns = type?.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            var typeName = type is null ? string.Empty : ns is null ? type.Identifier.Text : $"{ns}.{type.Identifier.Text}";

            // A demo runs its RunAsync; a file without one (most that do not compile) runs each public static method in turn.
            var methods = type?.Members.OfType<MethodDeclarationSyntax>().Where(m => m.TypeParameterList is null).ToList() ?? new List<MethodDeclarationSyntax>();
            var entries = methods.Any(m => m.Identifier.Text == "RunAsync")
                ? ImmutableArray.Create("RunAsync")
                : methods.Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Modifiers.Any(SyntaxKind.StaticKeyword)).Select(m => m.Identifier.Text).Distinct().ToImmutableArray();
            return new Exercise(file, ids, markers.ToImmutableArray(), mistake, explanation, reference, typeName, entries);
        }
    }
}
