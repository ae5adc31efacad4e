using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>Syntax the async fixes build: an await in place of an expression, and names of well-known types with their usings.</summary>
    internal static class AsyncSyntax
    {
        /// <summary>
        /// <c>await awaitable</c>, parenthesized (the simplifier drops the parentheses where they are not needed, and keeps
        /// them in <c>(await t).Length</c>) and carrying <paramref name="replaced"/>'s leading and trailing trivia.
        /// The <c>await</c> and the outer parentheses carry plain, not elastic, trivia: when the simplifier drops the
        /// parentheses, <c>await</c> starts the statement, and an elastic marker there lets the formatter treat it as new code
        /// and lay it out afresh; in top-level statements (each one a member of the program) that put an empty line before it.
        /// </summary>
        public static ExpressionSyntax AwaitInPlaceOf(SyntaxNode replaced, ExpressionSyntax awaitable)
        {
            var awaitExpression = SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                Parenthesize(awaitable));
            return SyntaxFactory.ParenthesizedExpression(
                    SyntaxFactory.Token(replaced.GetLeadingTrivia(), SyntaxKind.OpenParenToken, SyntaxFactory.TriviaList()),
                    awaitExpression,
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseParenToken, replaced.GetTrailingTrivia()))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        }

        /// <summary>
        /// <c>System.Threading.Tasks.Task</c> as an expression (for <c>Task.Delay(..)</c> and the like), marked so that cleanup
        /// adds <c>using System.Threading.Tasks;</c> when it is missing and shortens the name.
        /// </summary>
        public static ExpressionSyntax TaskType()
            => SyntaxFactory.ParseExpression("System.Threading.Tasks.Task")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary><c>Task.Method(arguments)</c>.</summary>
        public static InvocationExpressionSyntax InvokeTaskMethod(string method, ArgumentListSyntax arguments)
            => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskType(), SyntaxFactory.IdentifierName(method)),
                arguments);

        /// <summary><c>expression.Method(arguments)</c>.</summary>
        public static InvocationExpressionSyntax InvokeMember(ExpressionSyntax expression, string method, ArgumentListSyntax arguments)
            => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(expression), SyntaxFactory.IdentifierName(method)),
                arguments);

        /// <summary>
        /// The same argument list without argument names (the async counterpart may name its parameters differently);
        /// parentheses, separators and comments are kept.
        /// </summary>
        public static ArgumentListSyntax UnnamedArguments(ArgumentListSyntax arguments)
            => arguments.ReplaceNodes(arguments.Arguments, (_, argument) => argument.NameColon is null ? argument : argument.WithNameColon(null));

        /// <summary><c>foreach (..)</c> → <c>await foreach (..)</c>, the loop's leading trivia moved onto <c>await</c>.</summary>
        public static CommonForEachStatementSyntax AwaitForEach(CommonForEachStatementSyntax loop)
        {
            var leading = loop.GetLeadingTrivia();
            return loop.WithoutLeadingTrivia()
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithLeadingTrivia(leading);
        }

        /// <summary><c>var e = ..;</c> → <c>await using var e = ..;</c>, the statement's leading trivia moved onto <c>await</c>.</summary>
        public static LocalDeclarationStatementSyntax AwaitUsing(LocalDeclarationStatementSyntax declaration)
        {
            var leading = declaration.GetLeadingTrivia();
            return declaration.WithoutLeadingTrivia()
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithLeadingTrivia(leading);
        }

        /// <summary>A reference to a symbol by its name, escaped with <c>@</c> when the name is a keyword (<c>@event</c>).</summary>
        public static IdentifierNameSyntax NameOf(ISymbol symbol)
            => SyntaxFactory.IdentifierName(SyntaxFacts.GetKeywordKind(symbol.Name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(symbol.Name) == SyntaxKind.AwaitKeyword
                ? SyntaxFactory.Identifier(default, SyntaxKind.IdentifierToken, "@" + symbol.Name, symbol.Name, default)
                : SyntaxFactory.Identifier(symbol.Name));

        /// <summary>The in-scope token as written at the spot: <c>ct</c>, <c>cts.Token</c>, <c>context.RequestAborted</c>.</summary>
        public static ExpressionSyntax NameOf(AsyncRules.Analyzers.Helpers.InScopeToken token)
            => token.Member is null
                ? NameOf(token.Symbol)
                : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, NameOf(token.Symbol), NameOf(token.Member));

        /// <summary>Wraps in parentheses marked for simplification, so that precedence is right whatever the expression is.</summary>
        public static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
            => SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
