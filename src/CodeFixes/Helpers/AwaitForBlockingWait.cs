using System.Linq;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// The await that replaces a blocking wait, shared by ASYNC010 (in async code) and ASYNC011 (after its function is made async):
    /// <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>; <c>t.Wait(token)</c> →
    /// <c>await t.WaitAsync(token)</c>; <c>Task.WaitAll(..)</c> → <c>await Task.WhenAll(..)</c>; <c>Task.WaitAny(..)</c> whose
    /// index is unused → <c>await Task.WhenAny(..)</c>. No rewrite for waits with a timeout (their bool or index result and time
    /// limit have no faithful await form), for <c>t?.Result</c>, nor under a <c>catch (AggregateException)</c> (see below).
    /// Where the await may go is the caller's question (<see cref="AwaitPlacement"/>).
    /// </summary>
    internal static class AwaitForBlockingWait
    {
        public static bool TryGetKind(Diagnostic diagnostic, out BlockingWaitKind kind)
        {
            kind = default;
            return diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var value) && System.Enum.TryParse(value, out kind);
        }

        /// <summary>True when the wait at <paramref name="node"/> has a faithful await form.</summary>
        public static bool CanRewrite(BlockingWaitKind kind, SyntaxNode node, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
            => Rewrite(kind, node, semanticModel, symbols, cancellationToken) is { } awaitable
               && !StartsWithConditionalBinding(awaitable)
               && (kind == BlockingWaitKind.GetResult || !IsInsideTryCatchingAggregateException(node, semanticModel, cancellationToken));

        /// <summary>
        /// True for the tail of a conditional access (<c>.M()</c> in <c>a?.M().GetAwaiter().GetResult()</c>): it cannot stand alone
        /// under an <c>await</c>, and awaiting the whole <c>a?.M()</c> would await a null task when <c>a</c> is null.
        /// </summary>
        private static bool StartsWithConditionalBinding(ExpressionSyntax expression)
        {
            var first = expression.GetFirstToken();
            return first.Parent is MemberBindingExpressionSyntax || first.Parent?.Parent is ElementBindingExpressionSyntax;
        }

        /// <summary>Replaces the wait at <paramref name="node"/> (in the editor's original tree) with its await, composing with nested edits.</summary>
        public static void Replace(DocumentEditor editor, BlockingWaitKind kind, SyntaxNode node, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            // The original node decides the shape; the callback gets the node with any nested fixes already applied.
            editor.ReplaceNode(node, (current, _) => Rewrite(kind, current, semanticModel, symbols, cancellationToken, original: node) is { } awaitable
                ? AsyncSyntax.AwaitInPlaceOf(current, awaitable)
                : current);
        }

        /// <summary>
        /// <c>.Result</c>, <c>.Wait()</c> and <c>WaitAll</c> throw an <see cref="System.AggregateException"/>; <c>await</c> throws the
        /// task's own exception. Under a <c>catch (AggregateException)</c> the rewrite would change which handler runs, so it is not offered.
        /// </summary>
        private static bool IsInsideTryCatchingAggregateException(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var aggregateException = KnownSymbols.For(semanticModel.Compilation)?.AggregateException;
            SyntaxNode child = node;
            for (var current = node.Parent; current is not null && current is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax); child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child)
                {
                    foreach (var catchClause in tryStatement.Catches)
                    {
                        if (catchClause.Declaration is { } declaration
                            && SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(declaration.Type, cancellationToken).Type, aggregateException))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The expression to await in place of <paramref name="node"/>, or null when there is no faithful rewrite.
        /// Semantic questions are asked of <paramref name="original"/> (in the unedited tree); syntax is taken from <paramref name="node"/>.
        /// </summary>
        private static ExpressionSyntax? Rewrite(BlockingWaitKind kind, SyntaxNode node, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken, SyntaxNode? original = null)
        {
            original ??= node;
            switch (kind)
            {
                case BlockingWaitKind.Result when node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } access:
                    return access.Expression;

                case BlockingWaitKind.GetResult when node is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter, ArgumentList.Arguments.Count: 0 } },
                }:
                    return getAwaiter.Expression;

                case BlockingWaitKind.Wait when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } invocation:
                    var waitMethod = semanticModel.GetSymbolInfo(original, cancellationToken).Symbol as IMethodSymbol;
                    if (waitMethod is null)
                    {
                        return null;
                    }

                    if (waitMethod.Parameters.IsEmpty)
                    {
                        return wait.Expression;
                    }

                    // Wait(token) → WaitAsync(token): cancelling stops the waiting in both, the task itself runs on.
                    return waitMethod.Parameters.Length == 1 && symbols.IsCancellationToken(waitMethod.Parameters[0].Type) && HasTokenWaitAsync(symbols)
                        ? AsyncSyntax.InvokeMember(wait.Expression, "WaitAsync", AsyncSyntax.UnnamedArguments(invocation.ArgumentList))
                        : null;

                case BlockingWaitKind.WaitAll or BlockingWaitKind.WaitAny when node is InvocationExpressionSyntax invocation:
                    return RewriteWaitAllOrAny(kind, invocation, original, semanticModel, symbols, cancellationToken);

                default:
                    return null;
            }
        }

        private static ExpressionSyntax? RewriteWaitAllOrAny(BlockingWaitKind kind, InvocationExpressionSyntax invocation, SyntaxNode original, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (semanticModel.GetSymbolInfo(original, cancellationToken).Symbol is not IMethodSymbol method || method.Parameters.IsEmpty)
            {
                return null;
            }

            // WaitAny returns the index of the finished task; WhenAny returns the task. Only an unused index has a faithful rewrite.
            if (kind == BlockingWaitKind.WaitAny && original.Parent is not ExpressionStatementSyntax)
            {
                return null;
            }

            // Overloads: (tasks) or (tasks, CancellationToken). Timeouts return a bool or -1 that await forms cannot reproduce.
            var hasToken = method.Parameters.Length == 2 && symbols.IsCancellationToken(method.Parameters[1].Type);
            if (method.Parameters.Length > 1 && !hasToken)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            ArgumentListSyntax taskArguments;
            ArgumentListSyntax? tokenArgument = null;
            if (hasToken)
            {
                if (arguments.Count != 2 || arguments.Any(a => a.NameColon is not null) || !HasTokenWaitAsync(symbols))
                {
                    return null;
                }

                taskArguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(arguments[0].WithoutTrivia()));
                tokenArgument = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(arguments[1].WithoutTrivia()));
            }
            else
            {
                taskArguments = AsyncSyntax.UnnamedArguments(invocation.ArgumentList);
            }

            var whenMethod = kind == BlockingWaitKind.WaitAll ? "WhenAll" : "WhenAny";
            ExpressionSyntax rewritten = AsyncSyntax.InvokeTaskMethod(whenMethod, taskArguments);
            if (!Binds(rewritten, original, semanticModel))
            {
                return null;
            }

            return tokenArgument is null ? rewritten : AsyncSyntax.InvokeMember(rewritten, "WaitAsync", tokenArgument);
        }

        /// <summary>True when <paramref name="expression"/>, placed where <paramref name="original"/> is, binds to a method (no overload error).</summary>
        private static bool Binds(ExpressionSyntax expression, SyntaxNode original, SemanticModel semanticModel)
            => semanticModel.GetSpeculativeSymbolInfo(original.SpanStart, expression, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol;

        private static bool HasTokenWaitAsync(KnownSymbols symbols)
            => symbols.Task.GetMembers("WaitAsync").OfType<IMethodSymbol>()
                .Any(m => m.Parameters.Length == 1 && symbols.IsCancellationToken(m.Parameters[0].Type));
    }
}
