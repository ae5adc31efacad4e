using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
    /// "Only awaitables are awaited": CS4001 (cannot await a method group or lambda) and CS1061 when the missing member is
    /// <c>GetAwaiter</c> (cannot await a value of this type). A delegate or method group that returns an awaitable when called
    /// is called: <c>await f</c> → <c>await f()</c>, <c>await Work</c> → <c>await Work()</c>. Any other value is not a coroutine at
    /// all, so the <c>await</c> goes (<c>await n;</c> as a statement becomes <c>_ = n;</c>). Nothing is offered for a lambda.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS4001NotAwaitableCodeFix))]
    public sealed class CS4001NotAwaitableCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS4001", "CS1061");

        protected override string EquivalenceKey => "AsyncRules.CS4001";

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            // CS1061 is a general "no such member" error: only the one about GetAwaiter is ours.
            if (diagnostic.Id == "CS1061" && !diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'GetAwaiter'"))
            {
                return null;
            }

            return Plan(node, semanticModel, cancellationToken)?.Title;
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var plan = Plan(node, semanticModel, cancellationToken)!;
            editor.ReplaceNode(plan.Node, (current, _) => plan.Rewrite((AwaitExpressionSyntax)current).WithTriviaFrom(current));
        }

        private sealed class FixPlan
        {
            public FixPlan(AwaitExpressionSyntax node, string title, System.Func<AwaitExpressionSyntax, SyntaxNode> rewrite)
            {
                Node = node;
                Title = title;
                Rewrite = rewrite;
            }

            public AwaitExpressionSyntax Node { get; }

            public string Title { get; }

            public System.Func<AwaitExpressionSyntax, SyntaxNode> Rewrite { get; }
        }

        private static FixPlan? Plan(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            // CS1061 is about GetAwaiter only when it is reported on an await expression itself.
            if (node is not AwaitExpressionSyntax awaitExpression || WithoutParentheses(awaitExpression.Expression) is AnonymousFunctionExpressionSyntax
                || KnownSymbols.For(semanticModel.Compilation) is not { } symbols)
            {
                return null;
            }

            var operand = awaitExpression.Expression;
            var awaitables = symbols.Awaitables;
            if (CallableResult(operand, semanticModel, cancellationToken) is { } result)
            {
                // Calling a function that gives no awaitable would still leave nothing to await: no fix.
                return awaitables.IsAwaitable(result, semanticModel, operand.SpanStart)
                    ? new FixPlan(awaitExpression, "Call it and await the result", current =>
                        current.WithExpression(SyntaxFactory.InvocationExpression(AsyncSyntax.Parenthesize(current.Expression), SyntaxFactory.ArgumentList())))
                    : null;
            }

            if (semanticModel.GetTypeInfo(operand, cancellationToken).Type is not { TypeKind: not TypeKind.Error } type || type.SpecialType == SpecialType.System_Void)
            {
                return null;
            }

            // Several tasks at once (a collection, or a tuple written in place): the author meant to wait for all of them.
            if (IsTaskCollection(type, symbols))
            {
                return new FixPlan(awaitExpression, "Await all of them with Task.WhenAll", current =>
                    current.WithExpression(AsyncSyntax.InvokeTaskMethod("WhenAll", SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(current.Expression.WithoutTrivia()))))));
            }

            if (WithoutParentheses(operand) is TupleExpressionSyntax tuple
                && tuple.Arguments.All(a => symbols.IsTaskOrDerived(semanticModel.GetTypeInfo(a.Expression, cancellationToken).Type)))
            {
                return new FixPlan(awaitExpression, "Await all of them with Task.WhenAll", current =>
                    current.WithExpression(AsyncSyntax.InvokeTaskMethod("WhenAll", SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                        ((TupleExpressionSyntax)WithoutParentheses(current.Expression)).Arguments.Select(a => SyntaxFactory.Argument(a.Expression.WithoutTrivia())))))));
            }

            if (type is INamedTypeSymbol { IsTupleType: true } || type.TypeKind == TypeKind.Delegate)
            {
                return null; // a tuple or delegate held in a variable: what was meant is not clear enough to rewrite
            }

            // A value that is not a coroutine: nothing to wait for. A bare value is no statement, so keep it as a discard.
            if (awaitExpression.Parent is ExpressionStatementSyntax && operand is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax or AssignmentExpressionSyntax))
            {
                if ((operand.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion < LanguageVersion.CSharp7 || semanticModel.LookupSymbols(operand.SpanStart, name: "_").Any())
                {
                    return null;
                }

                return new FixPlan(awaitExpression, "Remove 'await' (the value is not awaitable)", current =>
                    SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("_"), current.Expression.WithoutTrivia()));
            }

            return new FixPlan(awaitExpression, "Remove 'await' (the value is not awaitable)", current => AsyncSyntax.Parenthesize(current.Expression));
        }

        /// <summary>An array or IEnumerable&lt;T&gt; of Task/Task&lt;T&gt;: Task.WhenAll takes it as it is.</summary>
        private static bool IsTaskCollection(ITypeSymbol type, KnownSymbols symbols)
        {
            ITypeSymbol? element = type is IArrayTypeSymbol array ? array.ElementType : null;
            if (element is null)
            {
                var enumerable = type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                    ? (INamedTypeSymbol)type
                    : type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
                element = enumerable?.TypeArguments[0];
            }

            return element is not null && symbols.IsTaskOrDerived(element);
        }

        private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>The result type of calling <paramref name="operand"/> with no arguments: a parameterless delegate or method group.</summary>
        private static ITypeSymbol? CallableResult(ExpressionSyntax operand, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (semanticModel.GetTypeInfo(operand, cancellationToken).Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
                && invoke.Parameters.All(p => p.IsOptional))
            {
                return invoke.ReturnType;
            }

            if (WithoutParentheses(operand) is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax))
            {
                return null; // a call, a literal or any other value: not a method group
            }

            var info = semanticModel.GetSymbolInfo(operand, cancellationToken);
            var methods = info.Symbol is IMethodSymbol single ? ImmutableArray.Create(single) : info.CandidateSymbols.OfType<IMethodSymbol>().ToImmutableArray();
            var callable = methods.Where(m => m.Parameters.All(p => p.IsOptional || p.IsParams) && m.TypeParameters.IsEmpty).ToList();
            return callable.Count == 1 ? callable[0].ReturnType : null;
        }
    }
}
