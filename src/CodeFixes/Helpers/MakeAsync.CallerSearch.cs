using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        /// <summary>
        /// The calls whose value the new return type would break, to be awaited; null when one of them cannot be
        /// (another document, sync code, a method group, an iterator's consumer).
        /// </summary>
        internal static async Task<ImmutableArray<InvocationExpressionSyntax>?> CallersToAwaitAsync(
            Document document, SyntaxNode function, IMethodSymbol method, bool isIterator, SemanticModel semanticModel, CancellationToken cancellationToken, bool awaitUnusedCallsInAsyncCode = false)
        {
            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            var callers = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit)
                {
                    continue;
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (name is null || IsInNameOf(name))
                {
                    continue;
                }

                var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (isIterator || callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
                {
                    return null; // a method group (delegate, event handler) or an iterator's consumer would no longer compile
                }

                if (method.ReturnsVoid || invocation.Parent is ExpressionStatementSyntax)
                {
                    // The value is not used. A sync function was awaited implicitly by running to its end: where the caller is
                    // async code in this document, await it so the caller still waits; elsewhere the task is dropped, which
                    // CS4014/ASYNC003 then point at.
                    if (awaitUnusedCallsInAsyncCode
                        && invocation.Parent is ExpressionStatementSyntax
                        && location.Document.Id == document.Id
                        && IsAsyncAfterFix(invocation, function, semanticModel, cancellationToken)
                        && AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
                    {
                        callers.Add(invocation);
                    }

                    continue;
                }

                if (location.Document.Id != document.Id
                    || !IsAsyncAfterFix(invocation, function, semanticModel, cancellationToken)
                    || !AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
                {
                    return null;
                }

                callers.Add(invocation);
            }

            return callers.ToImmutable();
        }

        /// <summary>True inside <c>nameof(...)</c>, where a reference is a name, not a call.</summary>
        internal static bool IsInNameOf(SyntaxNode node)
            => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        /// <summary>True when <paramref name="node"/> will run in async code once <paramref name="function"/> is async.</summary>
        private static bool IsAsyncAfterFix(SyntaxNode node, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
            => AsyncContext.EnclosingFunction(node) == function || AsyncContext.IsInAsyncCodeOrTopLevel(node, semanticModel, cancellationToken);
    }
}
