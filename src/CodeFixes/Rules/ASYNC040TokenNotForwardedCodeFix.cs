using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.Analyzers.Rules;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC040 fix: pass the in-scope token, as a named argument (<c>cancellationToken: ct</c>) so that it lands on the token
    /// parameter whatever optional parameters come before it. Offered only when the rewritten call binds to the method (or its
    /// token overload) with the token in the token parameter.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC040TokenNotForwardedCodeFix))]
    public sealed class ASYNC040TokenNotForwardedCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.TokenNotForwarded);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.TokenNotForwarded;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Build(diagnostic, node, semanticModel, cancellationToken) is not null && diagnostic.Properties.TryGetValue(ASYNC040TokenNotForwardedAnalyzer.TokenProperty, out var token)
                ? $"Pass '{token}'"
                : null;

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Build(diagnostic, node, semanticModel, cancellationToken) is { } argument)
            {
                editor.ReplaceNode(node, (current, _) => ((InvocationExpressionSyntax)current).AddArgumentListArguments(argument));
            }
        }

        private static ArgumentSyntax? Build(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax invocation
                || !diagnostic.Properties.TryGetValue(ASYNC040TokenNotForwardedAnalyzer.TokenProperty, out var tokenName) || tokenName is null
                || KnownSymbols.For(semanticModel.Compilation) is not { } symbols
                || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            var target = method.Parameters.Any(p => symbols.IsCancellationToken(p.Type)) ? method : ASYNC040TokenNotForwardedAnalyzer.TokenOverload(method, symbols);
            var parameter = target?.Parameters.FirstOrDefault(p => symbols.IsCancellationToken(p.Type));
            if (target is null || parameter is null || CancellationTokens.IsDefaultInterfaceMember(target))
            {
                return null;
            }

            var token = CancellationTokens.FindInScope(semanticModel, invocation.SpanStart, symbols, cancellationToken);
            if (token is null || token.Name != tokenName)
            {
                return null;
            }

            var argument = SyntaxFactory.Argument(SyntaxFactory.NameColon(parameter.Name), default, AsyncSyntax.NameOf(token));
            var rewritten = invocation.AddArgumentListArguments(argument);
            return semanticModel.GetSpeculativeSymbolInfo(invocation.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
                && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, target.OriginalDefinition)
                ? argument
                : null;
        }
    }
}
