/*
 * Concurrency (conc.c): 8 client threads hammer GetError, GetErrors and
 * GetInstance while a driver thread delivers thousands of job events;
 * every result is judged by the contract checker and the test's own
 * observation rules. Here under Criterion; conc_main.c runs the same in
 * the ThreadSanitizer build.
 */
#include <criterion/criterion.h>

#include "conc.h"
#include "hz.h"

TestSuite(concurrency, .timeout = 600);

Test(concurrency, memory_store_with_cache)
{
	cr_expect_eq(conc_run(NULL, "cache=1", 0), 0, "see the failures above");
}

Test(concurrency, file_store_without_cache)
{
	char *path = hz_tmp_path("conc");
	cr_assert_not_null(path);
	cr_expect_eq(conc_run(path, "cache=0", 0), 0, "see the failures above");
	hz_rm(path);
}
