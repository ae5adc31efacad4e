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
    /// ASYNC020 fix. <c>foreach (var x in s.ToBlockingEnumerable()) ..</c> → <c>await foreach (var x in s) ..</c> (with the token
    /// it was given: <c>s.WithCancellation(token)</c>); inside an async iterator that is the relay
    /// <c>await foreach (var x in s) yield return x;</c>. <c>e.MoveNextAsync().Result</c>, <c>.GetAwaiter().GetResult()</c>,
    /// <c>.AsTask().Wait()</c> → <c>await e.MoveNextAsync()</c>. Not offered for <c>ToBlockingEnumerable()</c> outside a
    /// <c>foreach</c> header (LINQ over it, a stored sequence): the async form needs different operators; nor where an await
    /// cannot be written.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC020BlockingAsyncStreamEnumerationCodeFix))]
    public sealed class ASYNC020BlockingAsyncStreamEnumerationCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BlockingAsyncStreamEnumeration);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.BlockingAsyncStreamEnumeration;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (IsToBlockingEnumerable(diagnostic))
            {
                return Loop(node) is { } loop && StreamOf(loop, (InvocationExpressionSyntax)node, semanticModel, cancellationToken) is not null
                    && AwaitPlacement.CanAwaitAt(loop, semanticModel, cancellationToken)
                        ? "Use 'await foreach'"
                        : null;
            }

            return MoveNextAsyncCall(node) is not null && AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken) ? "Use 'await'" : null;
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (IsToBlockingEnumerable(diagnostic))
            {
                var loop = Loop(node)!;
                var original = (InvocationExpressionSyntax)node;
                editor.ReplaceNode(loop, (current, _) =>
                {
                    var currentLoop = (CommonForEachStatementSyntax)current;
                    var stream = Stream((InvocationExpressionSyntax)currentLoop.Expression, IsReducedForm(original, semanticModel, cancellationToken));
                    return stream is null
                        ? current
                        : AsyncSyntax.AwaitForEach(currentLoop.WithExpression(stream.WithTriviaFrom(currentLoop.Expression)));
                });
                return;
            }

            editor.ReplaceNode(node, (current, _) => MoveNextAsyncCall(current) is { } moveNext ? AsyncSyntax.AwaitInPlaceOf(current, moveNext.WithoutTrivia()) : current);
        }

        private static bool IsToBlockingEnumerable(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) && kind == DiagnosticProperties.ToBlockingEnumerable;

        /// <summary>The <c>foreach</c> whose collection is exactly this <c>ToBlockingEnumerable()</c> call.</summary>
        private static CommonForEachStatementSyntax? Loop(SyntaxNode node)
            => node is InvocationExpressionSyntax && node.Parent is CommonForEachStatementSyntax loop && loop.Expression == node
                && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
                ? loop
                : null;

        /// <summary>What <c>await foreach</c> enumerates instead, checked to bind where the loop is.</summary>
        private static ExpressionSyntax? StreamOf(CommonForEachStatementSyntax loop, InvocationExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var stream = Stream(call, IsReducedForm(call, semanticModel, cancellationToken));
            if (stream is null)
            {
                return null;
            }

            var type = semanticModel.GetSpeculativeTypeInfo(loop.Expression.SpanStart, stream, SpeculativeBindingOption.BindAsExpression).Type;
            return type is null || type.TypeKind == TypeKind.Error ? null : stream;
        }

        private static bool IsReducedForm(InvocationExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
            => semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension };

        /// <summary><c>s.ToBlockingEnumerable(t)</c> or <c>TaskAsyncEnumerableExtensions.ToBlockingEnumerable(s, t)</c> → <c>s</c> / <c>s.WithCancellation(t)</c>.</summary>
        private static ExpressionSyntax? Stream(InvocationExpressionSyntax call, bool reducedForm)
        {
            var arguments = call.ArgumentList.Arguments;
            ExpressionSyntax source;
            ExpressionSyntax? token;
            if (reducedForm && call.Expression is MemberAccessExpressionSyntax access)
            {
                source = access.Expression;
                token = arguments.Count == 1 ? arguments[0].Expression : null;
                if (arguments.Count > 1)
                {
                    return null;
                }
            }
            else if (!reducedForm && arguments.Count is 1 or 2 && arguments.All(a => a.NameColon is null))
            {
                source = arguments[0].Expression;
                token = arguments.Count == 2 ? arguments[1].Expression : null;
            }
            else
            {
                return null;
            }

            source = source.WithoutTrivia();
            return token is null
                ? source
                : AsyncSyntax.InvokeMember(source, "WithCancellation", SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(token.WithoutTrivia()))));
        }

        /// <summary>The <c>e.MoveNextAsync()</c> call inside <c>e.MoveNextAsync().Result</c> / <c>.GetAwaiter().GetResult()</c> / <c>.AsTask().Wait()</c>.</summary>
        private static InvocationExpressionSyntax? MoveNextAsyncCall(SyntaxNode node)
        {
            var receiver = node switch
            {
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" or "Wait" } outer } => outer.Expression,
                _ => null,
            };
            if (receiver is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" or "AsTask" } step })
            {
                receiver = step.Expression;
            }

            return receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "MoveNextAsync" } } moveNext ? moveNext : null;
        }
    }
}
