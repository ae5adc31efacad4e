using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.CodeFixes.Helpers;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace AsyncRules.CodeFixes.Rules
{
    public sealed partial class ASYNC006PreferAwaitOverContinueWithCodeFix
    {
        /// <summary>The spot is in the <c>try</c> block of a <c>try</c> whose <c>catch</c> names <c>AggregateException</c> or its members.</summary>
        private static bool IsInTryCatchingAggregate(SyntaxNode spot, INamedTypeSymbol? aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (aggregate is null)
            {
                return false;
            }

            SyntaxNode child = spot;
            for (var current = spot.Parent; current is not null && current is not MemberDeclarationSyntax; child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child
                    && tryStatement.Catches.Any(c => MentionsAggregate(c, aggregate, semanticModel, cancellationToken)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsAggregate(CatchClauseSyntax catchClause, INamedTypeSymbol aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var name in catchClause.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = semanticModel.GetSymbolInfo(name, cancellationToken).Symbol;
                if (SymbolEqualityComparer.Default.Equals(symbol, aggregate) || SymbolEqualityComparer.Default.Equals(symbol?.ContainingType, aggregate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A call of the method anywhere in the solution sits in a <c>try</c> that catches <c>AggregateException</c>.</summary>
        private static async Task<bool> CallerCatchesAggregateAsync(Document document, SyntaxNode function, INamedTypeSymbol? aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (aggregate is null || function is AnonymousFunctionExpressionSyntax || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method)
            {
                return false;
            }

            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var reference = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (reference is not null && model is not null && IsInTryCatchingAggregate(reference, KnownSymbols.For(model.Compilation)?.AggregateException, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
