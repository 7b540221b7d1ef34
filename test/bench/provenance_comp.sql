-- test/bench/provenance_comp.sql: element percentages of the lots of layer
-- :cl from what their inputs supplied (for provenance_generate.sql): 98 %
-- of the supplied Pr, Nd, Tb, Dy, scaled down if the sum would pass
-- 99.9 %, truncated to 4 decimals (so never more than was supplied).
UPDATE rt_pb.node AS n
SET la = NULL, ce = NULL, y = NULL,
    pr = nullif(trunc(q.pr * q.f, 4), 0), nd = nullif(trunc(q.nd * q.f, 4), 0),
    tb = nullif(trunc(q.tb * q.f, 4), 0), dy = nullif(trunc(q.dy * q.f, 4), 0)
FROM (
    SELECT s.child, s.pr, s.nd, s.tb, s.dy,
           least(1, 99.9 / nullif(s.pr + s.nd + s.tb + s.dy, 0)) AS f
    FROM (SELECT e.child,
                 sum(e.kg * coalesce(p.pr, 0)) * 0.98 / c.mass AS pr,
                 sum(e.kg * coalesce(p.nd, 0)) * 0.98 / c.mass AS nd,
                 sum(e.kg * coalesce(p.tb, 0)) * 0.98 / c.mass AS tb,
                 sum(e.kg * coalesce(p.dy, 0)) * 0.98 / c.mass AS dy
          FROM rt_pb.edge AS e
          JOIN rt_pb.node AS p ON p.id = e.parent
          JOIN rt_pb.node AS c ON c.id = e.child
          WHERE c.layer = :cl
          GROUP BY e.child, c.mass) AS s
) AS q
WHERE n.id = q.child;
