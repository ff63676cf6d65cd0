/*
 * DynamoDB's expression language: condition (also filter and key condition), projection and update
 * expressions, as the DynamoDB Developer Guide defines them. Keywords are case-insensitive; which functions
 * may stand where, and the reserved words, are checked after parsing.
 */
grammar DynamoDbExpression;

conditionExpression : condition EOF ;
projectionExpression : path (',' path)* EOF ;
updateExpression : updateClause+ EOF ;

condition
    : operand comparator operand                                # compare
    | operand BETWEEN operand AND operand                       # between
    | operand IN '(' operand (',' operand)* ')'                 # in
    | function                                                  # functionCondition
    | '(' condition ')'                                         # parenthesised
    | NOT condition                                             # not
    | condition AND condition                                   # and
    | condition OR condition                                    # or
    ;

comparator : '=' | '<>' | '<' | '<=' | '>' | '>=' ;

operand
    : path                                                      # pathOperand
    | VALUE_REF                                                 # valueOperand
    | function                                                  # functionOperand
    ;

function : IDENTIFIER '(' operand (',' operand)* ')' ;

path : name ('.' name | '[' INDEX ']')* ;

name : IDENTIFIER | NAME_REF ;

updateClause
    : SET setAction (',' setAction)*                            # setClause
    | REMOVE path (',' path)*                                   # removeClause
    | ADD path operand (',' path operand)*                      # addClause
    | DELETE path operand (',' path operand)*                   # deleteClause
    ;

setAction : path '=' setValue ;

setValue
    : operand '+' operand                                       # plus
    | operand '-' operand                                       # minus
    | operand                                                   # plain
    ;

AND : [aA][nN][dD] ;
OR : [oO][rR] ;
NOT : [nN][oO][tT] ;
BETWEEN : [bB][eE][tT][wW][eE][eE][nN] ;
IN : [iI][nN] ;
SET : [sS][eE][tT] ;
REMOVE : [rR][eE][mM][oO][vV][eE] ;
ADD : [aA][dD][dD] ;
DELETE : [dD][eE][lL][eE][tT][eE] ;

IDENTIFIER : [a-zA-Z_] [a-zA-Z0-9_]* ;
NAME_REF : '#' [a-zA-Z0-9_]+ ;
VALUE_REF : ':' [a-zA-Z0-9_]+ ;
INDEX : [0-9]+ ;
WS : [ \t\r\n]+ -> skip ;
UNEXPECTED : . ;
