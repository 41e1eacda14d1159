import unittest

from retry import backoff_delays, total_wait


class BackoffTests(unittest.TestCase):
    def test_grows_exponentially(self):
        self.assertEqual(backoff_delays(1, 2, 4), [1.0, 2.0, 4.0, 8.0])

    def test_capped_at_max_delay(self):
        self.assertEqual(backoff_delays(10, 2, 4, max_delay=25), [10.0, 20.0, 25.0, 25.0])

    def test_rejects_non_positive_base(self):
        with self.assertRaises(ValueError):
            backoff_delays(0)

    def test_total_wait(self):
        self.assertEqual(total_wait(1, 2, 3), 7.0)


if __name__ == "__main__":
    unittest.main()
