using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// Every piece of C# the project holds, as seeds for the robustness tests: the files of samples/AsyncDemos and
    /// samples/AsyncDemos.Broken, and the sources written inside the test classes (string literals of
    /// tests/AsyncRules.Tests/**/*Tests.cs that are C#: a whole file with a type declaration, or members or statements
    /// that the tests' own helpers wrap in a class).
    /// </summary>
    internal static class ProjectSources
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Runtime.CompilerServices;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        /// <summary>The testing library's markup: <c>[|</c>, <c>|]</c>, <c>{|#0:</c>, <c>{|ASYNC010:</c>, <c>|}</c>.</summary>
        private static readonly Regex Markup = new(@"\[\||\|\]|\{\|[^:|{}]*:|\|\}");

        /// <summary>The sample files, by path relative to the repository root.</summary>
        public static ImmutableArray<string> SampleFiles()
        {
            var root = TestReferences.RepositoryRoot;
            return new[] { "AsyncDemos", "AsyncDemos.Broken" }
                .SelectMany(project => Directory.GetFiles(Path.Combine(root, "samples", project), "*.cs", SearchOption.AllDirectories))
                .Where(p => !IsBuildOutput(p))
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        /// <summary>The test classes that hold C# sources, by path relative to the repository root.</summary>
        public static ImmutableArray<string> TestFiles()
        {
            var root = TestReferences.RepositoryRoot;
            return Directory.GetFiles(Path.Combine(root, "tests", "AsyncRules.Tests"), "*Tests.cs", SearchOption.AllDirectories)
                .Where(p => !IsBuildOutput(p))
                .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
                .Where(p => Snippets(p).Length > 0)
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        public static string Read(string relativePath) => File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, relativePath));

        /// <summary>The C# sources written as string literals in one test file, markup removed, each made a compilable-shaped file.</summary>
        public static ImmutableArray<string> Snippets(string relativePath)
        {
            var tree = CSharpSyntaxTree.ParseText(Read(relativePath));
            var result = new List<string>();
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
                {
                    continue;
                }

                var text = Markup.Replace(token.ValueText, string.Empty);
                if (text.Length >= 15 && AsSource(text) is { } source && !result.Contains(source))
                {
                    result.Add(source);
                }
            }

            return result.ToImmutableArray();
        }

        /// <summary><paramref name="text"/> as a file: as it is when it declares a type, else wrapped as members or as a method body; null when it is not C#.</summary>
        private static string? AsSource(string text)
        {
            if (ParsesWith<BaseTypeDeclarationSyntax>(text))
            {
                return text;
            }

            var members = Usings + "class Snippet\n{\n" + text + "\n}\n";
            if (text.Contains('(') && ParsesWith<MemberDeclarationSyntax>(members, inside: true))
            {
                return members;
            }

            var statements = Usings + "class Snippet\n{\n    async Task M(Task<int> t, CancellationToken cancellationToken)\n    {\n" + text + "\n    }\n}\n";
            return text.Contains(';') && ParsesWith<StatementSyntax>(statements, inside: true) ? statements : null;
        }

        /// <summary>True when <paramref name="text"/> parses without a syntax error and declares a <typeparamref name="T"/> (below the wrapper class when <paramref name="inside"/>).</summary>
        private static bool ParsesWith<T>(string text, bool inside = false)
            where T : SyntaxNode
        {
            var tree = CSharpSyntaxTree.ParseText(text);
            if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return false;
            }

            var nodes = tree.GetRoot().DescendantNodes().OfType<T>();
            return inside
                ? nodes.Any(n => n.Ancestors().OfType<ClassDeclarationSyntax>().Any() && n is not BlockSyntax { Parent: MethodDeclarationSyntax })
                : nodes.Any();
        }

        private static bool IsBuildOutput(string path)
            => path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
               || path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
