using System.Threading;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// Fixes of a sync call on the shared path of a dual-path method (ASYNC031, ASYNC030): the method serves the sync API too
    /// (<c>Fill(async: false).GetAwaiter().GetResult()</c>), so an unconditional <c>await</c> would run async I/O under that
    /// blocking wait. The fix honours the flag the way the method's own code does (<see cref="DualPathBranches.FlagOfFunction"/>):
    /// a statement <c>x.Close();</c> becomes <c>if (async) await x.CloseAsync(); else x.Close();</c>, a call whose value is used
    /// becomes <c>async ? await x.ReadAsync(ct) : x.Read()</c>.
    /// </summary>
    internal sealed class DualPathFix
    {
        private readonly ExpressionSyntax condition;
        private readonly ExpressionStatementSyntax? statement;

        private DualPathFix(ExpressionSyntax condition, ExpressionStatementSyntax? statement, string when)
        {
            this.condition = condition;
            this.statement = statement;
            When = when;
        }

        /// <summary>What the flag says where the call is awaited, for the title: <c>'async' is true</c>.</summary>
        public string When { get; }

        /// <summary>
        /// The flag-honouring fix of <paramref name="syncCall"/>, or null with <paramref name="refuse"/> false when the call is not
        /// on the shared path of a dual-path function (the plain fix applies: no flag, two flags, or a branch that runs only in
        /// async mode), or null with <paramref name="refuse"/> true when no fix is right: the call sits in code that runs only
        /// in sync mode, the flag cannot be named at the call, or the call's value is used and the two forms do not give one type.
        /// </summary>
        public static DualPathFix? For(InvocationExpressionSyntax syncCall, ExpressionSyntax asyncCall, SemanticModel semanticModel, CancellationToken cancellationToken, out bool refuse)
        {
            refuse = false;
            if (semanticModel.GetOperation(syncCall, cancellationToken) is not { } operation
                || DualPathBranches.FlagOfFunction(operation) is not { } flag)
            {
                return null;
            }

            switch (DualPathBranches.AsyncSideOf(operation, flag))
            {
                case true:
                    return null;
                case false:
                    refuse = true;
                    return null;
            }

            refuse = true;
            if (flag.Reference.Syntax is not ExpressionSyntax written)
            {
                return null;
            }

            // The flag as the function writes it, if it means the same at the call (a local there could hide a field).
            var name = written.WithoutTrivia();
            if (semanticModel.GetSpeculativeSymbolInfo(syncCall.SpanStart, name, SpeculativeBindingOption.BindAsExpression).Symbol is not { } bound
                || !SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, flag.Symbol.OriginalDefinition))
            {
                return null;
            }

            var condition = flag.AwaitsWhenTrue ? name : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Parenthesize(name));
            var when = $"'{flag.Symbol.Name}' is {(flag.AwaitsWhenTrue ? "true" : "false")}";
            if (syncCall.Parent is ExpressionStatementSyntax statement && statement.Expression == syncCall)
            {
                refuse = false;
                return new DualPathFix(condition, statement, when);
            }

            // The value is used: both forms must give the same type there.
            var type = semanticModel.GetTypeInfo(syncCall, cancellationToken).Type;
            var conditional = Conditional(condition, asyncCall, syncCall);
            if (type is null or { SpecialType: SpecialType.System_Void } or IErrorTypeSymbol
                || !SymbolEqualityComparer.Default.Equals(
                    semanticModel.GetSpeculativeTypeInfo(syncCall.SpanStart, conditional, SpeculativeBindingOption.BindAsExpression).Type, type))
            {
                return null;
            }

            refuse = false;
            return new DualPathFix(condition, statement: null, when);
        }

        /// <summary>
        /// Replaces the call (or its statement) in <paramref name="editor"/>: <c>await</c> in front of <paramref name="asyncCall"/>
        /// made from the call as the editor holds it, and the original sync code, trivia and all, on the other side. Fix All
        /// edits outer calls first; a call nested in this one's arguments is then found on the awaited side, where it gets the
        /// plain <c>await</c> (<paramref name="plainAwait"/>): that side runs only in async mode.
        /// </summary>
        public void Apply(
            Microsoft.CodeAnalysis.Editing.DocumentEditor editor,
            InvocationExpressionSyntax syncCall,
            System.Func<InvocationExpressionSyntax, ExpressionSyntax> asyncCall,
            System.Func<InvocationExpressionSyntax, ExpressionSyntax> plainAwait)
        {
            if (statement is not null)
            {
                editor.ReplaceNode(statement, (current, _) =>
                {
                    if (current is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } sync)
                    {
                        return current;
                    }

                    if (IsOnAwaitedSide(current))
                    {
                        return sync.WithExpression(plainAwait(call));
                    }

                    var awaited = SyntaxFactory.ExpressionStatement(Await(asyncCall(call))).WithAdditionalAnnotations(AwaitedSide);
                    return SyntaxFactory.IfStatement(condition, awaited, SyntaxFactory.ElseClause(statement.WithoutLeadingTrivia()))
                        .WithLeadingTrivia(sync.GetLeadingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                });
                return;
            }

            editor.ReplaceNode(syncCall, (current, _) =>
            {
                if (current is not InvocationExpressionSyntax sync)
                {
                    return current;
                }

                if (IsOnAwaitedSide(current))
                {
                    return plainAwait(sync);
                }

                var conditional = SyntaxFactory.ConditionalExpression(
                    condition,
                    Await(asyncCall(sync)).WithAdditionalAnnotations(AwaitedSide),
                    Parenthesize(syncCall.WithoutTrivia()));
                if (StandsAlone(syncCall))
                {
                    return conditional.WithTriviaFrom(sync).WithAdditionalAnnotations(Formatter.Annotation);
                }

                return SyntaxFactory.ParenthesizedExpression(
                        SyntaxFactory.Token(sync.GetLeadingTrivia(), SyntaxKind.OpenParenToken, SyntaxFactory.TriviaList()),
                        conditional,
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseParenToken, sync.GetTrailingTrivia()))
                    .WithAdditionalAnnotations(Formatter.Annotation);
            });
        }

        /// <summary>Marks the awaited side this fix wrote, for the calls nested in it (see <see cref="Apply"/>).</summary>
        private static readonly SyntaxAnnotation AwaitedSide = new("AsyncRules.DualPathAwaitedSide");

        private static bool IsOnAwaitedSide(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current.HasAnnotation(AwaitedSide))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True where a <c>?:</c> needs no parentheses in place of <paramref name="expression"/>: a whole initializer, argument,
        /// returned value, assigned value, arrow body or statement condition. Everywhere else they are kept: the simplifier
        /// would drop them in <c>(c ? a : b) ? 2 : 1</c>, which then parses as <c>c ? a : (b ? 2 : 1)</c>.
        /// </summary>
        private static bool StandsAlone(ExpressionSyntax expression)
            => expression.Parent switch
            {
                EqualsValueClauseSyntax or ArgumentSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or ParenthesizedExpressionSyntax => true,
                AssignmentExpressionSyntax assignment => assignment.Right == expression,
                LambdaExpressionSyntax lambda => lambda.ExpressionBody == expression,
                IfStatementSyntax statement => statement.Condition == expression,
                WhileStatementSyntax statement => statement.Condition == expression,
                DoStatementSyntax statement => statement.Condition == expression,
                ForStatementSyntax statement => statement.Condition == expression,
                _ => false,
            };

        private static ConditionalExpressionSyntax Conditional(ExpressionSyntax condition, ExpressionSyntax asyncCall, ExpressionSyntax syncCall)
            => SyntaxFactory.ConditionalExpression(condition, Await(asyncCall), Parenthesize(syncCall.WithoutTrivia()));

        private static AwaitExpressionSyntax Await(ExpressionSyntax awaitable)
            => SyntaxFactory.AwaitExpression(
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                Parenthesize(awaitable.WithoutTrivia()));

        private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
            => expression is IdentifierNameSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax
                ? expression
                : AsyncSyntax.Parenthesize(expression);
    }
}
