using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// A key for what is imported at a spot: the enclosing namespace declarations, innermost first, with their usings, then the
    /// file's usings. Two spots with one key see the same extension methods. A file that declares <c>file</c>-local types gets
    /// a key of its own, since those are visible in it alone.
    /// </summary>
    internal sealed class ImportScopes
    {
        private readonly ConcurrentDictionary<SyntaxNode, int> keys = new();
        private readonly ConcurrentDictionary<string, int> ids = new(System.StringComparer.Ordinal);
        private int lastId;

        /// <summary>A small number per distinct import scope: cheap to hash on every call, unlike the text it stands for.</summary>
        public int KeyOf(SyntaxNode node)
        {
            SyntaxNode scope = node.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() ?? (SyntaxNode)node.SyntaxTree.GetRoot();
            return keys.GetOrAdd(scope, s => ids.GetOrAdd(Build(s), _ => System.Threading.Interlocked.Increment(ref lastId)));
        }

        private static string Build(SyntaxNode scope)
        {
            var key = new StringBuilder();
            for (var current = scope; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case BaseNamespaceDeclarationSyntax ns:
                        key.Append("namespace ").Append(ns.Name.ToString()).Append('{');
                        AppendUsings(key, ns.Usings);
                        break;
                    case CompilationUnitSyntax unit:
                        AppendUsings(key, unit.Usings);
                        if (DeclaresFileLocalTypes(unit))
                        {
                            key.Append("file ").Append(unit.SyntaxTree.FilePath).Append(' ').Append(unit.SyntaxTree.GetHashCode());
                        }

                        break;
                }
            }

            return key.ToString();
        }

        private static void AppendUsings(StringBuilder key, SyntaxList<UsingDirectiveSyntax> usings)
        {
            foreach (var directive in usings)
            {
                key.Append(directive.ToString()).Append(';');
            }
        }

        private static bool DeclaresFileLocalTypes(CompilationUnitSyntax unit)
        {
            foreach (var node in unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is BaseTypeDeclarationSyntax type && type.Modifiers.Any(m => m.ValueText == "file"))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
