using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        /// <summary>The function whose body holds <paramref name="node"/> and that could be async; null inside accessors, constructors and the like.</summary>
        public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax:
                        return ancestor;
                    case MemberDeclarationSyntax or GlobalStatementSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The syntax-side answer to "is this spot async code" for fixes (analyzers ask <see cref="AsyncContext"/> with operations):
        /// the enclosing function is async, or the spot is in top-level statements, which may always await.
        /// </summary>
        public static bool IsInAsyncCode(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = EnclosingFunction(node);
            if (function is null)
            {
                return node.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null;
            }

            return FunctionSymbol(function, semanticModel, cancellationToken) is { IsAsync: true };
        }

        /// <summary>The symbol of a method, local function, lambda or anonymous method.</summary>
        public static IMethodSymbol? FunctionSymbol(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
            => (function is AnonymousFunctionExpressionSyntax
                ? semanticModel.GetSymbolInfo(function, cancellationToken).Symbol
                : semanticModel.GetDeclaredSymbol(function, cancellationToken)) as IMethodSymbol;

        internal static bool ContainsYield(SyntaxNode function)
            => function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<YieldStatementSyntax>().Any();
    }
}
