"""allauth's pages wear Tandem's layout and say that sign-up is by invitation."""


def test_login_page_uses_the_tandem_layout_and_offers_password_reset(db, client):
    html = client.get("/accounts/login/").content.decode()
    assert '<a class="brand" href="/">Tandem</a>' in html
    assert "<title>Sign in · Tandem</title>" in html
    assert 'href="/accounts/password/reset/"' in html
    assert "sign up" not in html.lower().replace("sign-up", "")


def test_password_reset_page_renders_inside_the_layout(db, client):
    html = client.get("/accounts/password/reset/").content.decode()
    assert '<a class="brand" href="/">Tandem</a>' in html
    assert 'name="email"' in html and 'class="primary"' in html


def test_signup_is_closed_and_explained(db, client):
    html = client.get("/accounts/signup/").content.decode()
    assert "Tandem is by invitation" in html


def test_logout_page_asks_to_confirm(team, login):
    html = login(team["frontline"]).get("/accounts/logout/").content.decode()
    assert "Sign out of Tandem on this device?" in html


def test_password_reset_sends_a_link_to_a_known_person(team, client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": team["frontline"].user.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [team["frontline"].user.email]
    assert "We have sent you an email" in client.get(response["Location"]).content.decode()
