using System.Collections.Immutable;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.Analyzers.Rules;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC031 fix: <c>M(args)</c> → <c>await MAsync(args[, token])</c>, passing the in-scope token when the counterpart takes
    /// one (the token overload is preferred then). On the shared path of a dual-path method (a <c>bool async</c> flag that the
    /// method's own code branches on) the flag is honoured instead: <c>if (async) await MAsync(..); else M(..);</c>, or
    /// <c>async ? await MAsync(..) : M(..)</c> where the value is used (<see cref="DualPathFix"/>). Not offered where an await
    /// cannot be written, on <c>x?.M()</c>, or when the rewritten call would bind to anything but the counterpart.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC031SyncCallWithAsyncCounterpartCodeFix))]
    public sealed class ASYNC031SyncCallWithAsyncCounterpartCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.SyncCallWithAsyncCounterpart);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.SyncCallWithAsyncCounterpart;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Build(diagnostic, node, semanticModel, cancellationToken) is not { } call)
            {
                return null;
            }

            var name = ((call.Expression as MemberAccessExpressionSyntax)?.Name ?? call.Expression as SimpleNameSyntax)?.Identifier.ValueText;
            var dualPath = DualPathFix.For((InvocationExpressionSyntax)node, call, semanticModel, cancellationToken, out var refuse);
            return dualPath is not null ? $"Await {name} when {dualPath.When}"
                : refuse ? null
                : $"Use 'await {name}'";
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Build(diagnostic, node, semanticModel, cancellationToken) is not { } call)
            {
                return;
            }

            // In a dual-path method the sync API runs this code too: honour the flag as the method does.
            if (DualPathFix.For((InvocationExpressionSyntax)node, call, semanticModel, cancellationToken, out var refuse) is { } dualPath)
            {
                dualPath.Apply(editor, (InvocationExpressionSyntax)node, current => CounterpartCall.Retarget(current, call), current => Await(current, call));
            }
            else if (!refuse)
            {
                editor.ReplaceNode(node, (current, _) => current is InvocationExpressionSyntax invocation ? Await(invocation, call) : current);
            }
        }

        /// <summary><c>await</c> of the counterpart, made from the call as the editor holds it (a nested call's fix then still finds its node).</summary>
        private static ExpressionSyntax Await(InvocationExpressionSyntax current, InvocationExpressionSyntax call)
            => AsyncSyntax.AwaitInPlaceOf(current, CounterpartCall.Retarget(current, call));

        private static InvocationExpressionSyntax? Build(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(ASYNC031SyncCallWithAsyncCounterpartAnalyzer.CounterpartProperty)
                || node is not InvocationExpressionSyntax invocation
                || KnownSymbols.For(semanticModel.Compilation) is not { } symbols
                || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || !AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
            {
                return null;
            }

            var token = CancellationTokens.FindInScope(semanticModel, invocation.SpanStart, symbols, cancellationToken);
            var enclosing = semanticModel.GetEnclosingSymbol(invocation.SpanStart, cancellationToken);
            var counterpart = AsyncCounterparts.Find(method, semanticModel, invocation.SpanStart, symbols, enclosing, invocation, preferToken: token is not null, cancellationToken, CounterpartCall.ReceiverType(invocation, method, semanticModel, cancellationToken));
            return counterpart is null ? null : CounterpartCall.TryBuild(invocation, method, counterpart, token, semanticModel);
        }
    }
}
