using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// Fixes a dropped task, ASYNC003 (sync code) and the compiler's CS4014 (async code), two ways:
    /// <list type="bullet">
    /// <item>"Await it": <c>await</c> the call; in sync code the enclosing function is made async first (<see cref="MakeAsync"/>,
    /// refused where that would not compile, e.g. a constructor or a signature fixed by an interface);</item>
    /// <item>"Discard it": <c>_ = Call();</c>, the explicit, visible fire-and-forget.</item>
    /// </list>
    /// A call through <c>?.</c> is awaited as <c>await (x?.Call() ?? Task.CompletedTask)</c> (<c>?? default</c> for a value task):
    /// <c>await x?.Call()</c> would await null and throw when <c>x</c> is null.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC003DroppedAwaitableCodeFix))]
    public sealed class ASYNC003DroppedAwaitableCodeFix : DocumentFixProvider
    {
        private const string AwaitKey = "AsyncRules." + DiagnosticIds.DroppedAwaitable + ".Await";
        private const string DiscardKey = "AsyncRules." + DiagnosticIds.DroppedAwaitable + ".Discard";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.DroppedAwaitable, "CS4014");

        protected override string EquivalenceKey => AwaitKey;

        protected override async Task<ImmutableArray<(string Title, string Key)>> GetFixesAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Call(node) is not { } call || !IsAwaitable(call, semanticModel, cancellationToken))
            {
                // CS4014 is also reported on a dropped call to an async iterator declared in source; its hint ('await') cannot be
                // followed for a stream, and a discard would hide the real mistake that ASYNC022 explains: nothing runs.
                return ImmutableArray<(string, string)>.Empty;
            }

            var fixes = ImmutableArray.CreateBuilder<(string, string)>();
            var (canAwait, plan) = await MakeAsync.PlanAwaitAsync(document, call, semanticModel, cancellationToken).ConfigureAwait(false);
            if (canAwait && (call is not ConditionalAccessExpressionSyntax || WhenNull(call, semanticModel, cancellationToken) is not null))
            {
                fixes.Add((plan is null ? "Await the task" : plan.Description + " and await the task", AwaitKey));
            }

            if (CanDiscard(call, semanticModel))
            {
                fixes.Add(("Discard the task explicitly ('_ =')", DiscardKey));
            }

            return fixes.ToImmutable();
        }

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, string equivalenceKey, CancellationToken cancellationToken)
        {
            var call = Call(node)!;
            if (equivalenceKey == DiscardKey)
            {
                editor.ReplaceNode(call, (current, _) => SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.IdentifierName("_"),
                        ((ExpressionSyntax)current).WithoutLeadingTrivia())
                    .WithLeadingTrivia(current.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation));
                return;
            }

            var (_, plan) = await MakeAsync.PlanAwaitAsync(document, call, semanticModel, cancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                MakeAsync.Apply(editor, plan);
            }

            var whenNull = call is ConditionalAccessExpressionSyntax ? WhenNull(call, semanticModel, cancellationToken) : null;
            editor.ReplaceNode(call, (current, _) => AsyncSyntax.AwaitInPlaceOf(
                current,
                whenNull is null
                    ? (ExpressionSyntax)current
                    : SyntaxFactory.BinaryExpression(SyntaxKind.CoalesceExpression, ((ExpressionSyntax)current).WithoutTrivia(), whenNull)));
        }

        private static bool IsAwaitable(ExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
            => KnownSymbols.For(semanticModel.Compilation) is { } symbols
                && symbols.Awaitables.IsAwaitable(DroppedType(call, semanticModel, cancellationToken), semanticModel, call.SpanStart);

        /// <summary>
        /// The type of the dropped call: for <c>parent?.UnsubscribeAsync(..)</c> that of the call itself (a <c>ValueTask</c>
        /// read through <c>?.</c> becomes a <c>ValueTask?</c>, which cannot be awaited).
        /// </summary>
        private static ITypeSymbol? DroppedType(ExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            while (call is ConditionalAccessExpressionSyntax conditional)
            {
                call = conditional.WhenNotNull;
            }

            return semanticModel.GetTypeInfo(call, cancellationToken).Type;
        }

        /// <summary>
        /// What to await when the receiver of <c>parent?.UnsubscribeAsync(..)</c> is null, where <c>await parent?.X()</c> would
        /// await null and throw: <c>Task.CompletedTask</c> for a task (<c>await (parent?.X() ?? Task.CompletedTask)</c>),
        /// <c>default</c> for a value task (a completed one). Null, and no await offered, for any other awaitable, whose
        /// <c>default</c> may not be complete.
        /// </summary>
        private static ExpressionSyntax? WhenNull(ExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (KnownSymbols.For(semanticModel.Compilation) is not { } symbols || DroppedType(call, semanticModel, cancellationToken) is not INamedTypeSymbol type)
            {
                return null;
            }

            if (symbols.IsValueTaskOrValueTaskOfT(type))
            {
                return (call.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion < LanguageVersion.CSharp7_1
                    ? null
                    : SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword));
            }

            return symbols.IsTaskOrDerived(type) && !symbols.Task.GetMembers("CompletedTask").IsEmpty
                ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncSyntax.TaskType(), SyntaxFactory.IdentifierName("CompletedTask"))
                : null;
        }

        /// <summary>The dropped call: the expression of an expression statement, or of an expression-bodied member or lambda.</summary>
        private static ExpressionSyntax? Call(SyntaxNode node)
            => node is ExpressionSyntax expression && node.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax
                ? expression
                : null;

        /// <summary>
        /// <c>_ = x</c> needs C# 7, no local or member named <c>_</c> in scope, and a place whose value is not used: a statement,
        /// or the expression body of a function that returns void (<c>public void Dispose() => _ = CloseAsync();</c>).
        /// </summary>
        private static bool CanDiscard(ExpressionSyntax call, SemanticModel semanticModel)
        {
            if ((call.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion < LanguageVersion.CSharp7
                || semanticModel.LookupSymbols(call.SpanStart, name: "_").Any())
            {
                return false;
            }

            return call.Parent is ExpressionStatementSyntax
                || (AsyncContext.EnclosingFunction(call) is { } function
                    && AsyncContext.FunctionSymbol(function, semanticModel, default) is { ReturnsVoid: true });
        }
    }
}
