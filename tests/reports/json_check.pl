#!/usr/bin/perl
# json_check.pl FILE - decode an srh JSON report with JSON::PP (core Perl)
# and print what the test compares: result count, verdicts in order, the
# number of properties of the FAIL result's first Error, the first seed,
# and whether hostile markup came back as text.
use strict;
use warnings;
use JSON::PP;

my $file = shift or die "usage: json_check.pl FILE\n";
open(my $fh, '<:raw', $file) or die "$file: $!\n";
my $j = JSON::PP->new->utf8->decode(do { local $/; <$fh> });
my @r = @{ $j->{results} };
my ($fail) = grep { $_->{verdict} eq 'FAIL' } @r;
my $err = $fail->{calls}[0]{errors}[0];
printf "results=%d verdicts=%s error_props=%d seed=%s message_has_script=%d\n",
  scalar(@r), join(',', map { $_->{verdict} } @r), scalar(keys %$err), $r[0]{seed},
  ($err->{Message} =~ /<script>/ ? 1 : 0);
