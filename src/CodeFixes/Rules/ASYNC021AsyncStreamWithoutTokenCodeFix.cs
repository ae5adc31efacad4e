using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC021 fix: pass the in-scope token to the stream. As an argument when the producing call accepts one (an optional
    /// <c>CancellationToken</c> parameter left out, or an overload that takes one more token); otherwise, and for a stream in a
    /// parameter or local, <c>.WithCancellation(token)</c> on the loop's collection (after any <c>ConfigureAwait</c>). Every rewrite is bound where it
    /// stands before it is offered.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC021AsyncStreamWithoutTokenCodeFix))]
    public sealed class ASYNC021AsyncStreamWithoutTokenCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.AsyncStreamWithoutToken);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.AsyncStreamWithoutToken;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Plan(node, semanticModel, cancellationToken) is { } plan ? plan.Title : null;

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Plan(node, semanticModel, cancellationToken) is not { } plan)
            {
                return;
            }

            editor.ReplaceNode(plan.Replaced, (current, _) => plan.Rewrite((ExpressionSyntax)current).WithTriviaFrom(current));
        }

        private sealed class FixPlan
        {
            public FixPlan(ExpressionSyntax replaced, System.Func<ExpressionSyntax, ExpressionSyntax> rewrite, string title)
            {
                Replaced = replaced;
                Rewrite = rewrite;
                Title = title;
            }

            public ExpressionSyntax Replaced { get; }

            public System.Func<ExpressionSyntax, ExpressionSyntax> Rewrite { get; }

            public string Title { get; }
        }

        private static FixPlan? Plan(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || node is not ExpressionSyntax stream
                || node.FirstAncestorOrSelf<CommonForEachStatementSyntax>() is not { } loop || !loop.Expression.Span.Contains(stream.Span)
                || CancellationTokens.FindInScope(semanticModel, loop.Expression.SpanStart, symbols, cancellationToken) is not { } token)
            {
                return null;
            }

            var tokenName = AsyncSyntax.NameOf(token);
            if (stream is InvocationExpressionSyntax call && semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
                && ToProducer(call, method, token, tokenName, semanticModel, symbols) is { } plan)
            {
                return plan;
            }

            // 3. WithCancellation on what the loop enumerates (the only way for a parameter or local).
            var collection = loop.Expression;
            var withCancellation = WithCancellation(collection, tokenName);
            var bound = semanticModel.GetSpeculativeSymbolInfo(collection.SpanStart, withCancellation, SpeculativeBindingOption.BindAsExpression).Symbol;
            if (bound is IMethodSymbol { Name: "WithCancellation" } withCancellationMethod && symbols.IsAsyncStream(withCancellationMethod.ReturnType))
            {
                return new FixPlan(collection, current => WithCancellation(current, tokenName), $"Use '.WithCancellation({token.Name})'");
            }

            return null;
        }

        /// <summary>The token as an argument of the producing call, when it takes one.</summary>
        private static FixPlan? ToProducer(InvocationExpressionSyntax call, IMethodSymbol method, InScopeToken token, ExpressionSyntax tokenName, SemanticModel semanticModel, KnownSymbols symbols)
        {
            var position = call.SpanStart;

            // 1. The producer has an optional token parameter that was left out.
            var arguments = call.ArgumentList.Arguments;
            var parameter = method.Parameters.FirstOrDefault(p => symbols.IsCancellationToken(p.Type));
            if (parameter is not null)
            {
                var positional = parameter.Ordinal == arguments.Count && arguments.All(a => a.NameColon is null) && !method.Parameters.Take(parameter.Ordinal).Any(p => p.IsParams);
                var argument = positional
                    ? SyntaxFactory.Argument(tokenName)
                    : SyntaxFactory.Argument(SyntaxFactory.NameColon(parameter.Name), default, tokenName);
                var withToken = call.AddArgumentListArguments(argument);
                if (BindsTo(withToken, position, semanticModel, method))
                {
                    return new FixPlan(call, current => ((InvocationExpressionSyntax)current).AddArgumentListArguments(argument), $"Pass '{token.Name}' to '{method.Name}'");
                }
            }

            // 2. An overload that takes one more token, at the end.
            else if (arguments.All(a => a.NameColon is null))
            {
                var withToken = call.AddArgumentListArguments(SyntaxFactory.Argument(tokenName));
                if (semanticModel.GetSpeculativeSymbolInfo(position, withToken, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol overload
                    && overload.Parameters.Length > 0 && symbols.IsCancellationToken(overload.Parameters[overload.Parameters.Length - 1].Type)
                    && symbols.IsAsyncStream(overload.ReturnType))
                {
                    return new FixPlan(call, current => ((InvocationExpressionSyntax)current).AddArgumentListArguments(SyntaxFactory.Argument(tokenName)), $"Pass '{token.Name}' to '{method.Name}'");
                }
            }

            return null;
        }

        private static ExpressionSyntax WithCancellation(ExpressionSyntax collection, ExpressionSyntax token)
            => AsyncSyntax.InvokeMember(collection, "WithCancellation", SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token))));

        private static bool BindsTo(InvocationExpressionSyntax call, int position, SemanticModel semanticModel, IMethodSymbol method)
            => semanticModel.GetSpeculativeSymbolInfo(position, call, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
                && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, method.OriginalDefinition);
    }
}
