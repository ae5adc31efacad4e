using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal sealed partial class AsyncAllTheWay
    {
        private static readonly string[] TestAttributeNames = { "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod" };

        private static bool IsNameOfOrCref(SyntaxNode name) => name.FirstAncestorOrSelf<CrefSyntax>() is not null || MakeAsync.IsInNameOf(name);

        /// <summary>True for <c>x.Event += M</c> / <c>-= M</c> and <c>x.Event += new Handler(M)</c>.</summary>
        private static bool IsEventSubscription(SyntaxNode name, SemanticModel model, CancellationToken cancellationToken)
        {
            var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (expression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax creation } })
            {
                expression = creation;
            }

            return expression.Parent is AssignmentExpressionSyntax assignment
                && assignment.Right == expression
                && assignment.Kind() is SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression
                && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IEventSymbol;
        }

        private static bool IsTestMethod(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
                {
                    var name = type.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
                    if (System.Array.IndexOf(TestAttributeNames, name) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when, at one of the references, <paramref name="newName"/> already means something (a member of a derived type,
        /// a local, an extension method of the receiver): renamed, that reference would bind elsewhere.
        /// </summary>
        private async Task<bool> IsNameSeenDifferentlyAsync(ImmutableArray<(Document Document, SyntaxNode Name, InvocationExpressionSyntax? Call)> references, string newName)
        {
            foreach (var (document, name, _) in references)
            {
                if (name.FirstAncestorOrSelf<CrefSyntax>() is not null)
                {
                    continue;
                }

                var model = await ModelAsync(document).ConfigureAwait(false);
                var receiver = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                    ? model.GetTypeInfo(access.Expression, cancellationToken).Type
                    : null;
                var seen = receiver is null
                    ? model.LookupSymbols(name.SpanStart, name: newName, includeReducedExtensionMethods: true)
                    : model.LookupSymbols(name.SpanStart, receiver, newName, includeReducedExtensionMethods: true);
                if (!seen.IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="newName"/> already names a member of the type or its bases, or, for a local function, anything in scope.</summary>
        private bool IsNameTaken(IMethodSymbol method, SyntaxNode declaration, SemanticModel model, string newName)
        {
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return !model.LookupSymbols(declaration.SpanStart, name: newName).IsEmpty;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (!type.GetMembers(newName).IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
